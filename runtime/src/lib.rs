//! Rust view of the Elle runtime (`c/elle.h`): the value word, its tags, and
//! the C entry points the interpreter and the compiler's front end call.
//! The C header is the definition; this file mirrors it and adds nothing.
#![allow(non_camel_case_types)]

pub mod interface;
use std::ffi::{c_char, c_int, c_void};

/// One Elle value: a tagged 64-bit word (see `c/elle.h` for the layout).
pub type Val = u64;

const fn imm(n: u64) -> Val {
    (n << 3) | 2
}
pub const FALSE: Val = imm(0);
pub const TRUE: Val = imm(1);
pub const NIL: Val = imm(2);
pub const EOF: Val = imm(3);
pub const UNBOUND: Val = imm(4);
pub const EXC: Val = imm(5);
pub const TAIL: Val = imm(6);
pub const VALUES: Val = imm(7);

pub const FIXNUM_MAX: i64 = i64::MAX >> 1;
pub const FIXNUM_MIN: i64 = i64::MIN >> 1;
/// Elle's integers span C's int64 and uint64 together (elle.h).
pub const INT_MIN: i128 = i64::MIN as i128;
pub const INT_MAX: i128 = u64::MAX as i128;

/// Heap object kinds, as `ElleKind` in the header.
#[repr(u8)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Free = 0,
    Pair,
    Float,
    Int64,
    String,
    Symbol,
    Keyword,
    Vector,
    HashTable,
    Closure,
    Primitive,
    Box,
    Error,
    Port,
    Pointer,
    CStruct,
    CBlock,
    Callback,
    Bytevector,
    RecordType,
    Record,
}

#[repr(C)]
pub struct Header {
    pub kind: u8,
    pub mark: u8,
    pub flags: u16,
    pub aux: u32,
}
#[repr(C)]
pub struct Pair {
    pub h: Header,
    pub car: Val,
    pub cdr: Val,
}
#[repr(C)]
pub struct Vector {
    pub h: Header,
    pub len: i64,
    pub items: [Val; 0],
}
pub type PrimFn = unsafe extern "C" fn(argc: i64, argv: *mut Val) -> Val;
#[repr(C)]
pub struct Closure {
    pub h: Header,
    pub code: *mut c_void,
    pub name: Val,
    pub nfree: i64,
    pub free: [Val; 0],
}
#[repr(C)]
pub struct Primitive {
    pub h: Header,
    pub func: Option<PrimFn>,
    pub name: *const c_char,
    pub min_args: i32,
    pub max_args: i32,
}
/// Raw bytes (elle.h's ElleBytevector).
#[repr(C)]
pub struct Bytevector {
    pub h: Header,
    pub len: i64,
    pub bytes: [u8; 0],
}
/// A C pointer that is not an immediate (elle.h's EllePointer).
#[repr(C)]
pub struct PointerObj {
    pub h: Header,
    pub p: *mut c_void,
    pub owner: Val,
}
#[repr(C)]
pub struct BoxObj {
    pub h: Header,
    pub v: Val,
}
#[repr(C)]
pub struct Builtin {
    pub name: *const c_char,
    pub func: Option<PrimFn>,
    pub min_args: i32,
    pub max_args: i32,
}
#[repr(C)]
pub struct ValueStack {
    pub base: *mut Val,
    pub top: *mut Val,
    pub limit: *mut Val,
}
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct GcStats {
    pub collections: usize,
    pub heap_bytes: usize,
    pub live_bytes: usize,
    pub allocated_total: usize,
}

pub const PRIM_INTRINSIC: u16 = 1;

/// How a C parameter or result converts (elle.h, ffi.c).
/// A field of a C record layout, as `elle_register_layout` takes it.
#[repr(C)]
pub struct FieldSpec {
    pub name: *const c_char,
    pub offset_bits: i64,
    pub kind: i32,
    pub bytes: i32,
    pub record: i32,
    pub count: i32,
    pub bit_width: i32,
}

pub mod c_kind {
    pub const VOID: i32 = 0;
    pub const BOOL: i32 = 1;
    pub const INT: i32 = 2;
    pub const UINT: i32 = 3;
    pub const FLOAT: i32 = 4;
    pub const DOUBLE: i32 = 5;
    pub const POINTER: i32 = 6;
    pub const CSTRING: i32 = 7;
    pub const RECORD: i32 = 8;
    pub const TEXT: i32 = 9;
}
/// The widths `elle_c_type_named` gives for the types whose size the
/// data model decides (elle.h's `ELLE_WIDTH_*`); any other width is bytes.
pub mod c_width {
    pub const LONG: i32 = -1;
    pub const SIZE: i32 = -2;
    pub const POINTER: i32 = -3;
}
pub const INTRINSIC_APPLY: u32 = 0;

extern "C" {
    pub static mut elle_vstack: ValueStack;
    pub static mut elle_globals: *mut Val;
    pub static elle_builtin_tables: [*const Builtin; 0];
    pub static elle_intrinsic_names: [*const c_char; 1];

    pub fn elle_init(stack_bottom: *mut c_void);
    pub fn elle_set_stack_bottom(stack_bottom: *mut c_void);
    pub fn elle_gc_collect();
    pub fn elle_gc_protect(v: Val);
    pub fn elle_gc_stats() -> GcStats;
    pub fn elle_global_new() -> i64;
    pub fn elle_global_slot(index: i64) -> *mut Val;
    /// The symbol of the table built-in `name` is in; NULL for an intrinsic.
    pub fn elle_builtin_table_symbol(name: *const c_char) -> *const c_char;

    pub fn elle_cons(car: Val, cdr: Val) -> Val;
    /// `i` must be an Elle integer: `INT_MIN..=INT_MAX`.
    pub fn elle_make_wide(i: i128) -> Val;
    pub fn elle_make_pointer(p: *mut c_void) -> Val;
    pub fn elle_pointer_raw(v: Val) -> *mut c_void;
    pub fn elle_make_float(d: f64) -> Val;
    pub fn elle_make_string(bytes: *const c_char, n: usize) -> Val;
    pub fn elle_make_vector(len: i64, fill: Val) -> Val;
    pub fn elle_make_box(v: Val) -> Val;
    pub fn elle_make_bytevector(who: *const c_char, len: i64) -> Val;
    pub fn elle_make_closure(code: *mut c_void, aux: u32, name: Val, nfree: i64) -> Val;
    pub fn elle_make_primitive(name: *const c_char, f: Option<PrimFn>, min: i32, max: i32) -> Val;
    pub fn elle_intern(name: *const c_char, len: usize) -> Val;
    pub fn elle_intern_keyword(name: *const c_char, len: usize) -> Val;
    pub fn elle_gensym(prefix: *const c_char) -> Val;
    pub fn elle_list_from(n: i64, items: *const Val) -> Val;
    pub fn elle_proper_length(v: Val) -> i64;
    pub fn elle_freeze(v: Val);

    pub fn elle_is_integer(v: Val) -> c_int;
    pub fn elle_integer_wide(v: Val) -> i128;
    pub fn elle_float_value(v: Val) -> f64;
    pub fn elle_string_bytes(v: Val, n: *mut usize) -> *const c_char;
    pub fn elle_symbol_name(v: Val, n: *mut usize) -> *const c_char;
    pub fn elle_symbol_interned(v: Val) -> c_int;

    pub fn elle_raise_value(e: Val) -> Val;
    pub fn elle_make_error(message: Val, irritants: Val) -> Val;
    pub fn elle_pending_error() -> Val;
    pub fn elle_clear_error();
    pub fn elle_error_text(e: Val) -> Val;
    pub fn elle_raise_arity(name: *const c_char, min: i32, max: i32, got: i64) -> Val;
    pub fn elle_raise_not_procedure(f: Val) -> Val;
    pub fn elle_raise_unbound(name: Val, global: c_int) -> Val;
    pub fn elle_raise_stack_overflow() -> Val;
    pub fn elle_c_arg(
        v: Val,
        kind: c_int,
        bytes: c_int,
        func: *const c_char,
        argno: c_int,
        out: *mut u64,
    ) -> c_int;
    pub fn elle_c_result(bits: u64, kind: c_int, bytes: c_int, func: *const c_char) -> Val;
    pub fn elle_c_arg_struct(
        v: Val,
        ty: *const c_char,
        func: *const c_char,
        argno: c_int,
        out: *mut *mut c_void,
    ) -> c_int;
    /// The code a function pointer value points to; null with an error raised.
    pub fn elle_c_function_pointer(v: Val) -> *mut c_void;
    pub fn elle_c_vararg(v: Val, func: *const c_char, argno: c_int, bits: *mut u64) -> c_int;
    pub fn elle_make_cstruct(ty: *const c_char, size: i64, bytes: *const c_void) -> Val;
    pub fn elle_raise_type(who: *const c_char, expected: *const c_char, got: Val) -> Val;
    pub fn elle_register_layout(
        name: *const c_char,
        size: i64,
        nfields: i32,
        fields: *const FieldSpec,
    ) -> i32;
    pub fn elle_save_errno();
    pub fn elle_c_load(at: *const c_void, kind: c_int, bytes: c_int) -> u64;
    // the arithmetic built-ins the interpreter does inline on fixnums
    pub fn elle_p_add(argc: i64, argv: *mut Val) -> Val;
    pub fn elle_p_sub(argc: i64, argv: *mut Val) -> Val;
    pub fn elle_p_num_eq(argc: i64, argv: *mut Val) -> Val;
    pub fn elle_p_lt(argc: i64, argv: *mut Val) -> Val;
    pub fn elle_p_gt(argc: i64, argv: *mut Val) -> Val;
    pub fn elle_p_le(argc: i64, argv: *mut Val) -> Val;
    pub fn elle_p_ge(argc: i64, argv: *mut Val) -> Val;
    pub fn elle_c_result_typed(bits: u64, layout: i32) -> Val;
    pub fn elle_c_check_pointee(
        v: Val,
        expected: *const c_char,
        func: *const c_char,
        argno: c_int,
    ) -> c_int;
    pub fn elle_c_vector_in(
        v: Val,
        kind: c_int,
        bytes: c_int,
        func: *const c_char,
        argno: c_int,
        array: *mut *mut c_void,
    ) -> Val;
    pub fn elle_c_vector_out(
        v: Val,
        array: *mut c_void,
        kind: c_int,
        bytes: c_int,
        write_back: c_int,
    ) -> Val;
    pub static mut elle_ffi_safety: c_int;
    pub fn elle_guarded_call(f: extern "C" fn(*mut c_void), arg: *mut c_void) -> c_int;
    pub fn elle_raise_crash(func: *const c_char, sig: c_int) -> Val;
    pub fn elle_callback_freed() -> !;
    pub fn elle_callback_enter();
    pub fn elle_callback_register(proc: Val) -> i64;
    pub fn elle_callback_proc(slot: i64) -> Val;
    pub fn elle_make_callback(
        code: *mut c_void,
        slot: i64,
        release: Option<extern "C" fn(*mut c_void, i64)>,
    ) -> Val;
    pub fn elle_c_type_named(name: *const c_char, kind: *mut c_int, width: *mut c_int) -> c_int;

    pub fn elle_equal(a: Val, b: Val) -> c_int;
    pub fn elle_write_stdout(v: Val, write_mode: c_int);
    pub fn elle_to_string(v: Val, write_mode: c_int) -> Val;
    pub fn elle_values_to_list(v: Val) -> Val;
    pub fn elle_flush_output();
    pub fn elle_finish_output() -> c_int;
    pub fn elle_parse_number(text: *const c_char, len: usize, radix: c_int) -> Val;
    pub fn elle_set_command_line(argc: c_int, argv: *const *const c_char);
}

#[inline]
pub fn is_fixnum(v: Val) -> bool {
    v & 1 != 0
}
#[inline]
pub fn fixnum_value(v: Val) -> i64 {
    (v as i64) >> 1
}
#[inline]
pub fn fixnum(i: i64) -> Val {
    ((i as u64) << 1) | 1
}
#[inline]
pub fn is_ptr(v: Val) -> bool {
    v & 7 == 0 && v != 0
}
#[inline]
pub fn is_char(v: Val) -> bool {
    v & 7 == 6
}
#[inline]
pub fn char_value(v: Val) -> u32 {
    (v >> 3) as u32
}
#[inline]
pub fn make_char(c: u32) -> Val {
    ((c as u64) << 3) | 6
}
#[inline]
pub fn truthy(v: Val) -> bool {
    v & !0x10 != FALSE
}
/// Every kind, by its number (`ElleKind`'s order; elle.h checks the count).
const KINDS: [Kind; 21] = [
    Kind::Free,
    Kind::Pair,
    Kind::Float,
    Kind::Int64,
    Kind::String,
    Kind::Symbol,
    Kind::Keyword,
    Kind::Vector,
    Kind::HashTable,
    Kind::Closure,
    Kind::Primitive,
    Kind::Box,
    Kind::Error,
    Kind::Port,
    Kind::Pointer,
    Kind::CStruct,
    Kind::CBlock,
    Kind::Callback,
    Kind::Bytevector,
    Kind::RecordType,
    Kind::Record,
];

#[inline]
pub fn kind(v: Val) -> Option<Kind> {
    if !is_ptr(v) {
        return None;
    }
    // SAFETY: a pointer-tagged value always points at a live object header.
    let k = unsafe { (*(v as *const Header)).kind };
    KINDS.get(k as usize).copied()
}
#[inline]
pub fn is(v: Val, k: Kind) -> bool {
    kind(v) == Some(k)
}
/// Reinterpret a value as a pointer to its object.
///
/// # Safety
/// `v` must be a heap value of the kind `T` describes.
#[inline]
pub unsafe fn obj<T>(v: Val) -> *mut T {
    v as *mut T
}

/// The bytes of a string value, borrowed from the (non-moving) heap.
///
/// # Safety
/// `v` must be a string and stay reachable while the slice is used.
pub unsafe fn str_bytes<'a>(v: Val) -> &'a [u8] {
    let mut n = 0usize;
    let p = elle_string_bytes(v, &mut n);
    std::slice::from_raw_parts(p as *const u8, n)
}

/// The items of a vector, borrowed from the (non-moving) heap.
///
/// # Safety
/// `v` must be a bytevector and stay reachable while the slice is used.
pub unsafe fn bytevector_bytes<'a>(v: Val) -> &'a [u8] {
    let p = obj::<Bytevector>(v);
    std::slice::from_raw_parts((*p).bytes.as_ptr(), (*p).len as usize)
}

/// A bytevector of `bytes` that lives as long as the program: a literal.
pub fn bytevector(bytes: &[u8]) -> Val {
    // SAFETY: a fresh bytevector of bytes.len() bytes is written, then made a root.
    unsafe {
        let v = elle_make_bytevector(c"#u8".as_ptr(), bytes.len() as i64);
        std::ptr::copy_nonoverlapping(
            bytes.as_ptr(),
            (*obj::<Bytevector>(v)).bytes.as_mut_ptr(),
            bytes.len(),
        );
        elle_gc_protect(v);
        v
    }
}

/// # Safety
/// `v` must be a vector and stay reachable while the slice is used.
pub unsafe fn vector_items<'a>(v: Val) -> &'a [Val] {
    let p = obj::<Vector>(v);
    std::slice::from_raw_parts((*p).items.as_ptr(), (*p).len as usize)
}

/// The name of a symbol or keyword.
pub fn symbol_name(v: Val) -> String {
    let mut n = 0usize;
    // SAFETY: callers pass symbols or keywords; names are valid UTF-8 strings.
    unsafe {
        let p = elle_symbol_name(v, &mut n);
        String::from_utf8_lossy(std::slice::from_raw_parts(p as *const u8, n)).into_owned()
    }
}

pub fn intern(name: &str) -> Val {
    // SAFETY: the runtime copies the bytes.
    unsafe { elle_intern(name.as_ptr() as *const c_char, name.len()) }
}

pub fn keyword(name: &str) -> Val {
    // SAFETY: the runtime copies the bytes.
    unsafe { elle_intern_keyword(name.as_ptr() as *const c_char, name.len()) }
}

pub fn make_string(s: &str) -> Val {
    // SAFETY: the runtime copies the bytes.
    unsafe { elle_make_string(s.as_ptr() as *const c_char, s.len()) }
}

/// The `write` (or `display`) text of a value.
pub fn to_text(v: Val, write_mode: bool) -> String {
    // SAFETY: elle_to_string accepts any value and returns a string.
    String::from_utf8_lossy(unsafe { str_bytes(elle_to_string(v, write_mode as c_int)) })
        .into_owned()
}

/// The text an error object reports: its message and irritants.
pub fn error_text(e: Val) -> String {
    // SAFETY: error_text accepts any value and returns a string.
    String::from_utf8_lossy(unsafe { str_bytes(elle_error_text(e)) }).into_owned()
}

/// Values held on the runtime's value stack for as long as this guard
/// lives, so the collector sees them while Rust code builds structures out
/// of several allocations. Guards must be dropped in reverse order of
/// creation (they are scoped locals).
pub struct Roots {
    base: *mut Val,
}

impl Roots {
    pub fn new() -> Roots {
        // SAFETY: the value stack is initialised by elle_init; one thread runs Elle.
        Roots { base: unsafe { (*std::ptr::addr_of!(elle_vstack)).top } }
    }
    /// Keep `v` alive; returns its index among this guard's values.
    pub fn push(&self, v: Val) -> usize {
        // SAFETY: as above; the stack is large and checked against its limit.
        unsafe {
            let vs = &mut *std::ptr::addr_of_mut!(elle_vstack);
            assert!(vs.top < vs.limit, "Elle value stack exhausted");
            *vs.top = v;
            vs.top = vs.top.add(1);
            vs.top.offset_from(self.base) as usize - 1
        }
    }
    pub fn get(&self, i: usize) -> Val {
        // SAFETY: i was returned by push on this guard.
        unsafe { *self.base.add(i) }
    }
    pub fn set(&self, i: usize, v: Val) {
        // SAFETY: i was returned by push on this guard.
        unsafe { *self.base.add(i) = v }
    }
    pub fn len(&self) -> usize {
        // SAFETY: top is at or above base while the guard lives.
        unsafe { (*std::ptr::addr_of!(elle_vstack)).top.offset_from(self.base) as usize }
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub fn as_ptr(&self) -> *mut Val {
        self.base
    }
}

impl Default for Roots {
    fn default() -> Self {
        Roots::new()
    }
}

impl Drop for Roots {
    fn drop(&mut self) {
        // SAFETY: restores the stack height this guard started at.
        unsafe { (*std::ptr::addr_of_mut!(elle_vstack)).top = self.base };
    }
}

#[cfg(test)]
mod kind_tests {
    #[test]
    fn kinds_are_in_their_numbers_order() {
        for (i, k) in super::KINDS.iter().enumerate() {
            assert_eq!(*k as usize, i);
        }
    }
}
