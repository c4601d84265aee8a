//! The C type model: what Elle knows of a C declaration, as clang laid it
//! out. Both executors and the analysis read it; nothing here is derived
//! by hand from C syntax.

pub mod layout;

use std::fmt;
use std::rc::Rc;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CType {
    Void,
    Bool,
    /// Every integer width, signed or not; enums are their integer type.
    Int {
        bytes: u8,
        signed: bool,
    },
    Float,
    Double,
    /// `pointee` is what clang says it points to (`Void` for `void*`);
    /// `const_pointee`: the pointee is const-qualified (`const char*`).
    Pointer {
        pointee: Box<CType>,
        const_pointee: bool,
    },
    /// A struct or union, laid out by clang. Shared: a record nested by
    /// value in many places (twice in each level of another, say) is one
    /// value, so a type costs its size, not its unfolding.
    Record(Rc<Record>),
    /// A fixed-size array: element type and count.
    Array(Box<CType>, u64),
    /// A function, as what a function pointer points to: its signature
    /// (a variadic or unprototyped function is `Void`, a plain pointer).
    Function(Rc<CSignature>),
    /// `char[N]`: an array of C's plain `char`, which C means as text — a
    /// string up to its NUL within the N bytes (`struct dirent`'s
    /// `d_name`). An array of `uint8_t` or `unsigned char` is an `Array`.
    Text(u64),
    /// A type this version of Elle cannot pass yet (structs by value,
    /// unions, long double, ...): named for the error message.
    Unsupported(String),
}

/// The sizes (in bytes) of C's types whose size varies between targets;
/// each is aligned to its size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DataModel {
    pub pointer: u8,
    pub long: u8,
    pub size_t: u8,
}

/// Where nothing says otherwise, the machine Elle runs on.
impl Default for DataModel {
    fn default() -> Self {
        DataModel::HOST
    }
}

impl DataModel {
    /// The machine Elle runs on (what the interpreter's C calls use).
    pub const HOST: DataModel = DataModel {
        pointer: std::mem::size_of::<*const u8>() as u8,
        long: std::mem::size_of::<std::ffi::c_long>() as u8,
        size_t: std::mem::size_of::<usize>() as u8,
    };

    /// The bytes of a width `elle_c_type_named` gives.
    fn width(self, width: i32) -> u8 {
        use elle_runtime::c_width::*;
        match width {
            LONG => self.long,
            SIZE => self.size_t,
            POINTER => self.pointer,
            bytes => bytes as u8,
        }
    }
}

impl CType {
    /// `const char*`, `const unsigned char*` or `const void*` (read-only
    /// bytes: `memcpy`'s source, `fwrite`'s buffer): an Elle string may be
    /// passed.
    pub fn takes_string(&self) -> bool {
        matches!(self, CType::Pointer { pointee, const_pointee: true } if matches!(**pointee, CType::Int { bytes: 1, .. } | CType::Void))
    }

    /// `char*` of any constness: a result copied into an Elle string.
    pub fn is_char_ptr(&self) -> bool {
        matches!(self, CType::Pointer { pointee, .. } if matches!(**pointee, CType::Int { bytes: 1, .. }))
    }

    /// The signature of the function this pointer points to, if C says.
    pub fn pointee_signature(&self) -> Option<&CSignature> {
        match self {
            CType::Pointer { pointee, .. } => match &**pointee {
                CType::Function(sig) => Some(sig),
                _ => None,
            },
            _ => None,
        }
    }

    /// A pointer to scalars a vector may stand for (`int*`, `const
    /// double*`, not `char*`, which strings take): the elements'
    /// conversion, and whether C may write them (not const).
    pub fn vector_elements(&self, model: DataModel) -> Option<(Conv, bool)> {
        let CType::Pointer { pointee, const_pointee } = self else { return None };
        match **pointee {
            CType::Int { bytes: 1, .. }
            | CType::Void
            | CType::Record(_)
            | CType::Array(..)
            | CType::Text(_)
            | CType::Function(_)
            | CType::Unsupported(_) => None,
            ref t => Some((t.param_conv(model), !const_pointee)),
        }
    }

    /// Size in bytes, for the types whose size the model knows.
    pub fn size(&self, model: DataModel) -> Option<u64> {
        Some(match self {
            CType::Bool => 1,
            CType::Int { bytes, .. } => *bytes as u64,
            CType::Float => 4,
            CType::Double => 8,
            CType::Pointer { .. } => model.pointer as u64,
            CType::Record(r) => r.size,
            CType::Array(t, n) => t.size(model)?.checked_mul(*n)?,
            CType::Text(n) => *n,
            CType::Function(_) => return None,
            CType::Void | CType::Unsupported(_) => return None,
        })
    }

    /// Why a value of this type cannot cross a call yet, if it cannot.
    pub fn unsupported(&self) -> Option<&str> {
        match self {
            CType::Unsupported(what) => Some(what),
            // passed by value per the target's C ABI (target::CAbi)
            CType::Record(r) if r.size > 0 && !r.fields.is_empty() => None,
            CType::Record(r) => Some(&r.name),
            CType::Array(..) | CType::Text(_) => Some("an array"),
            CType::Function(_) => Some("a function"),
            _ => None,
        }
    }
}

impl fmt::Display for CType {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            CType::Void => write!(f, "void"),
            CType::Bool => write!(f, "bool"),
            CType::Int { bytes, signed } => {
                write!(f, "{}int{}_t", if *signed { "" } else { "u" }, *bytes as u32 * 8)
            }
            CType::Float => write!(f, "float"),
            CType::Double => write!(f, "double"),
            CType::Pointer { pointee, .. } if matches!(**pointee, CType::Function(_)) => {
                let CType::Function(sig) = &**pointee else { unreachable!("matched") };
                let params: Vec<String> = sig.params.iter().map(|p| p.to_string()).collect();
                write!(f, "{} (*)({})", sig.ret, params.join(", "))
            }
            CType::Pointer { pointee, const_pointee } => {
                write!(f, "{}{pointee}*", if *const_pointee { "const " } else { "" })
            }
            CType::Function(sig) => write!(f, "a function returning {}", sig.ret),
            CType::Record(r) => write!(f, "{}", r.name),
            CType::Array(t, n) => write!(f, "{t}[{n}]"),
            CType::Text(n) => write!(f, "char[{n}]"),
            CType::Unsupported(what) => write!(f, "{what}"),
        }
    }
}

/// A struct or union with clang's layout. Anonymous members stay nested
/// (`name: None`); `field` finds fields through them by their inner names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// `struct tm`, `union SDL_Event`, or the typedef's name.
    pub name: String,
    pub is_union: bool,
    pub size: u64,
    pub align: u64,
    pub fields: Vec<Field>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub name: Option<String>,
    /// From the start of the record, in bits (bitfields need bits).
    pub offset_bits: u64,
    /// Some(width) for a bitfield.
    pub bit_width: Option<u32>,
    pub ty: CType,
}

impl Record {
    /// A struct known by its name only: what a pointer points to. Its
    /// layout, when a program needs it, is the named type's.
    pub fn named(name: &str) -> Record {
        Record { name: name.to_string(), is_union: false, size: 0, align: 0, fields: Vec::new() }
    }

    /// The struct a pointer type points to, by name, if it points to one.
    pub fn pointee_of(t: &CType) -> Option<&str> {
        match t {
            CType::Pointer { pointee, .. } => match &**pointee {
                CType::Record(r) if r.fields.is_empty() => Some(&r.name),
                _ => None,
            },
            _ => None,
        }
    }

    /// The field called `name`, looked for through anonymous members too,
    /// with its offset from the start of this record.
    pub fn field(&self, name: &str) -> Option<(u64, &Field)> {
        for f in &self.fields {
            match (&f.name, &f.ty) {
                (Some(n), _) if n == name => return Some((f.offset_bits, f)),
                (None, CType::Record(inner)) => {
                    if let Some((off, g)) = inner.field(name) {
                        return Some((f.offset_bits + off, g));
                    }
                }
                _ => {}
            }
        }
        None
    }
}

/// A C function as a program may call it.
#[derive(Clone, Debug)]
pub struct CFunction {
    /// The symbol.
    pub c_name: String,
    pub ret: CType,
    pub params: Vec<CType>,
    pub variadic: bool,
    /// The prototype as clang spells it, for messages.
    pub prototype: String,
    /// The library it comes from (an index into the session's libraries).
    pub library: u32,
    /// Where its code is.
    pub reach: Reach,
    /// The layout id of the struct its pointer result points to, when
    /// Elle knows it: the pointer it returns is typed (`struct-get` reads
    /// through it).
    pub ret_layout: Option<u32>,
}

/// Where a C function's code is.
#[derive(Clone, Debug, PartialEq)]
pub enum Reach {
    /// Its symbol, in its library.
    Symbol,
    /// There is no symbol (`static inline` in its header, or the reader of
    /// a C variable): a shim compiled with the header exports a pointer.
    Shim(Shim),
    /// The pointer each call's first argument gives (`ffi-call-pointer`);
    /// `params` are the C function's own.
    Pointer,
    /// Not a function: the C variable at the symbol, which a "call" reads
    /// (an array's value is its address).
    Variable { array: bool },
}

impl CFunction {
    /// Its shim, if it is reached through one.
    pub fn shim(&self) -> Option<&Shim> {
        match &self.reach {
            Reach::Shim(s) => Some(s),
            _ => None,
        }
    }

    /// Does a "call" read a C variable (at its symbol, or through a shim)?
    pub fn reads_variable(&self) -> bool {
        matches!(self.reach, Reach::Variable { .. }) || self.shim().is_some_and(|s| s.variable)
    }

    /// Is it called through the pointer its call's first argument gives?
    pub fn by_pointer(&self) -> bool {
        self.reach == Reach::Pointer
    }

    /// For a C variable read at its symbol: its address (`&v`) instead,
    /// read as an array's is. `None` for anything else.
    pub fn address(self) -> Option<CFunction> {
        match self.reach {
            Reach::Variable { array: true } => Some(self),
            Reach::Variable { array: false } => Some(CFunction {
                ret: CType::Pointer { pointee: Box::new(self.ret), const_pointee: false },
                reach: Reach::Variable { array: true },
                ..self
            }),
            _ => None,
        }
    }
}

/// The C signature of a callback: what C passes it and what it returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CSignature {
    pub params: Vec<CType>,
    pub ret: CType,
}

impl CSignature {
    /// A callback takes at most this many parameters.
    pub const MAX_PARAMS: usize = 16;
}

/// How to compile the shim of a `static` function, or of a C variable's
/// reader: the header that declares it and the flags to compile with.
#[derive(Clone, Debug, PartialEq)]
pub struct Shim {
    pub header: String,
    pub cflags: Vec<String>,
    /// The "function" reads the C variable `c_name` (`stderr`, `signgam`):
    /// the shim defines the reader.
    pub variable: bool,
}

/// How a value crosses as a parameter or result: the runtime's conversion
/// kind (`elle_runtime::c_kind`) and the C size in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Conv {
    pub kind: i32,
    pub bytes: i32,
}

impl CType {
    fn conv(&self, result: bool, model: DataModel) -> Conv {
        use elle_runtime::c_kind::*;
        let (kind, bytes) = match self {
            CType::Void => (VOID, 0),
            CType::Bool => (BOOL, 1),
            CType::Int { bytes, signed: true } => (INT, *bytes as i32),
            CType::Int { bytes, signed: false } => (UINT, *bytes as i32),
            CType::Float => (FLOAT, 4),
            CType::Double => (DOUBLE, 8),
            // a `char*` result becomes a string; a `const char*` parameter takes one
            CType::Pointer { .. }
                if (result && self.is_char_ptr()) || (!result && self.takes_string()) =>
            {
                (CSTRING, model.pointer as i32)
            }
            CType::Pointer { .. } => (POINTER, model.pointer as i32),
            CType::Unsupported(_)
            | CType::Record(_)
            | CType::Array(..)
            | CType::Text(_)
            | CType::Function(_) => (-1, 0),
        };
        Conv { kind, bytes }
    }
    pub fn param_conv(&self, model: DataModel) -> Conv {
        self.conv(false, model)
    }
    pub fn result_conv(&self, model: DataModel) -> Conv {
        self.conv(true, model)
    }
}

impl CType {
    /// The C type an FFI keyword names (`:int`, `:size_t`, `:double`,
    /// `:pointer`, `:string`) on a target with this data model, as the
    /// runtime reads it (`memory.c` holds the one table). `:string` is
    /// `const char*`: an Elle string passes as its bytes, and a result is
    /// copied into a new Elle string.
    pub fn from_keyword(k: &str, model: DataModel) -> Option<CType> {
        use elle_runtime::c_kind::*;
        let name = std::ffi::CString::new(k).ok()?;
        let (mut kind, mut width) = (0, 0);
        // SAFETY: a C string in, two integers out.
        if unsafe { elle_runtime::elle_c_type_named(name.as_ptr(), &mut kind, &mut width) } == 0 {
            return None;
        }
        let bytes = model.width(width);
        let char_ = CType::Int { bytes: 1, signed: true };
        Some(match kind {
            VOID => CType::Void,
            BOOL => CType::Bool,
            INT | UINT => CType::Int { bytes, signed: kind == INT },
            FLOAT => CType::Float,
            DOUBLE => CType::Double,
            POINTER => CType::Pointer { pointee: Box::new(CType::Void), const_pointee: false },
            _ => CType::Pointer { pointee: Box::new(char_), const_pointee: true },
        })
    }
}

impl CFunction {
    /// A function the program declares itself (`ffi-call`,
    /// `define-c-function`), with no header.
    pub fn declared(
        c_name: &str,
        params: Vec<CType>,
        ret: CType,
        variadic: bool,
        library: u32,
    ) -> CFunction {
        let mut list: Vec<String> = params.iter().map(|p| p.to_string()).collect();
        if variadic {
            list.push("...".into());
        }
        let list = if list.is_empty() { "void".to_string() } else { list.join(", ") };
        let prototype = format!("{ret} {c_name}({list})");
        CFunction {
            c_name: c_name.into(),
            ret,
            params,
            variadic,
            prototype,
            library,
            reach: Reach::Symbol,
            ret_layout: None,
        }
    }

    /// A C function of these types called through a pointer
    /// (`ffi-call-pointer`).
    /// `variable`: the C variable the pointer is read from (messages name
    /// it), or none for `ffi-call-pointer`'s.
    pub fn through_pointer(variable: Option<&str>, params: Vec<CType>, ret: CType) -> CFunction {
        let list = if params.is_empty() {
            "void".to_string()
        } else {
            params.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(", ")
        };
        let prototype = format!("{ret} (*{})({list})", variable.unwrap_or(""));
        let c_name = variable.unwrap_or("ffi-call-pointer").to_string();
        CFunction {
            c_name,
            ret,
            params,
            variadic: false,
            prototype,
            library: 0,
            reach: Reach::Pointer,
            ret_layout: None,
        }
    }
}

/// A constant from a header: an enumerator or an object-like macro.
#[derive(Clone, Debug, PartialEq)]
pub enum CConst {
    Int(i128),
    Float(f64),
    Str(String),
    /// A macro whose value is a pointer (`SQLITE_TRANSIENT`, `SIG_IGN`,
    /// `NULL`): its address; 0 is nil.
    Pointer(u64),
}
