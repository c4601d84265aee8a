//! What compiled code uses of the runtime, as `elle.h` states it: the
//! object offsets it reads and writes itself (generated from elle.h's
//! `ELLE_AT_` defines, which elle.h asserts against its structs), and the
//! C signatures of the functions and variables it reaches (the compiler's
//! `runtime_interface` test checks each against elle.h through libclang).

include!(concat!(env!("OUT_DIR"), "/offsets.rs"));

/// A C type at the runtime interface, by how compiled code passes it; the
/// target's data model gives `Size` and `Ptr` their width.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Word {
    /// `Val`, Elle's 64-bit value
    Val,
    /// a 64-bit integer (`int64_t`, `uint64_t`)
    I64,
    /// a 32-bit integer (`int`, `int32_t`, `uint32_t`)
    I32,
    F64,
    /// `size_t`, `uintptr_t`
    Size,
    /// any data or function pointer
    Ptr,
}

/// A runtime function compiled code calls.
pub struct Function {
    pub name: &'static str,
    /// `None`: `void`
    pub result: Option<Word>,
    pub params: &'static [Word],
}

use Word::*;

const fn f(name: &'static str, result: Option<Word>, params: &'static [Word]) -> Function {
    Function { name, result, params }
}

pub const FUNCTIONS: &[Function] = &[
    f("elle_cons", Some(Val), &[Val, Val]),
    f("elle_raise_closure_arity", Some(Val), &[Val, I64]),
    f("elle_call_nonclosure", Some(Val), &[Val, I64]),
    f("elle_rest_list", Some(Val), &[I64, I64]),
    f("elle_make_vector", Some(Val), &[I64, Val]),
    f("elle_make_box", Some(Val), &[Val]),
    f("elle_make_int", Some(Val), &[I64]),
    f("elle_make_float", Some(Val), &[F64]),
    f("elle_make_closure", Some(Val), &[Ptr, I32, Val, I64]),
    f("elle_make_string", Some(Val), &[Ptr, Size]),
    f("elle_intern", Some(Val), &[Ptr, Size]),
    f("elle_intern_keyword", Some(Val), &[Ptr, Size]),
    f("elle_gensym", Some(Val), &[Ptr]),
    f("elle_builtin_in", Some(Val), &[Ptr, Ptr]),
    f("elle_intrinsic_named", Some(Val), &[Ptr]),
    f("elle_raise_unbound", Some(Val), &[Val, I32]),
    f("elle_raise_stack_overflow", Some(Val), &[]),
    f("elle_pending_error", Some(Val), &[]),
    f("elle_spread_args", Some(I64), &[I64, Ptr, Val]),
    f("elle_c_arg", Some(I32), &[Val, I32, I32, Ptr, I32, Ptr]),
    f("elle_c_result", Some(Val), &[I64, I32, I32, Ptr]),
    f("elle_c_arg_struct", Some(I32), &[Val, Ptr, Ptr, I32, Ptr]),
    f("elle_c_function_pointer", Some(Ptr), &[Val]),
    f("elle_c_varargs", Some(I32), &[Ptr, I64, Ptr, I32, Ptr, I64, Ptr, I64, Ptr]),
    f("elle_c_varargs_buffer", Some(I32), &[Ptr, I64, Ptr, I32, Ptr]),
    f("elle_make_cstruct", Some(Val), &[Ptr, I64, Ptr]),
    f("elle_error_locate", None, &[Ptr]),
    f("elle_clear_error", None, &[]),
    f("elle_callback_freed", None, &[]),
    f("elle_callback_enter", None, &[]),
    f("elle_args_reserve", None, &[I64]),
    f("elle_native_main", Some(I32), &[I32, Ptr, Ptr]),
    f("elle_native_callback", Some(Val), &[Ptr, Val, Ptr]),
    f("elle_callback_failed", None, &[Ptr]),
    f("elle_save_errno", None, &[]),
    f("elle_c_result_typed", Some(Val), &[I64, I32]),
    f("elle_c_check_pointee", Some(I32), &[Val, Ptr, Ptr, I32]),
    f("elle_c_vector_in", Some(Val), &[Val, I32, I32, Ptr, I32, Ptr]),
    f("elle_c_vector_out", Some(Val), &[Val, Ptr, I32, I32, I32]),
    f("elle_guarded_call", Some(I32), &[Ptr, Ptr]),
    f("elle_raise_crash", Some(Val), &[Ptr, I32]),
    f("elle_register_layout", Some(I32), &[Ptr, I64, I32, Ptr]),
    f("elle_build_constants", None, &[Ptr, I64, Ptr]),
    f("elle_gc_safe_point", None, &[]),
];

/// The runtime's variables compiled code reads or writes.
pub const VARIABLES: &[(&str, Word)] = &[
    ("elle_args", Ptr),
    ("elle_callback_procs", Ptr),
    ("elle_ffi_safety", I32),
    ("elle_frame_escape", Ptr),
    ("elle_gc_wanted", I32),
    ("elle_stack_limit", Size),
];

pub fn function(name: &str) -> Option<&'static Function> {
    FUNCTIONS.iter().find(|f| f.name == name)
}

pub fn variable(name: &str) -> Option<Word> {
    VARIABLES.iter().find(|(n, _)| *n == name).map(|(_, w)| *w)
}
