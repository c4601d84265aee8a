//! Record layouts as the runtime takes them (`elle_register_layout`): the
//! structs and unions a program takes apart or builds — from a header (as
//! clang laid them out) or from `define-c-struct` (laid out here by C's
//! rules for the target) — each field with its conversion, nested records
//! by layout id. Ids are positions in `CImports::layouts`, which both
//! executors register in order before the program runs.

use super::{CType, DataModel, Field, Record};

/// A field as the runtime takes it.
#[derive(Clone, Debug, PartialEq)]
pub struct LayoutField {
    pub name: Option<String>,
    pub offset_bits: u64,
    /// The runtime's conversion kind (`c_kind`), RECORD for a nested one.
    pub kind: i32,
    pub bytes: i32,
    /// The nested record's layout id (kind RECORD).
    pub record: i32,
    /// Elements of an array field; 0 for a single value.
    pub count: i32,
    pub bit_width: i32,
}

#[derive(Clone, Debug)]
pub struct Layout {
    pub record: Record,
    pub fields: Vec<LayoutField>,
}

impl CType {
    /// Alignment in bytes, for the types a struct field may have.
    pub fn align(&self, model: DataModel) -> Option<u64> {
        match self {
            CType::Record(r) => Some(r.align),
            CType::Array(t, _) => t.align(model),
            CType::Text(_) => Some(1),
            t => t.size(model),
        }
    }
}

/// C's rules for a record, from its fields' sizes and alignments in bytes:
/// a struct's fields each at the next multiple of its alignment, a union's
/// all at 0; the size a multiple of the largest alignment. The fields'
/// byte offsets, the size and the alignment.
pub fn c_rules(
    is_union: bool,
    fields: impl IntoIterator<Item = (u64, u64)>,
) -> (Vec<u64>, u64, u64) {
    let (mut end, mut align) = (0u64, 1u64);
    let offsets = fields
        .into_iter()
        .map(|(size, a)| {
            let a = a.max(1);
            let at = if is_union { 0 } else { end.div_ceil(a).saturating_mul(a) };
            align = align.max(a);
            end = end.max(at.saturating_add(size));
            at
        })
        .collect();
    (offsets, end.div_ceil(align).saturating_mul(align), align)
}

impl Record {
    /// A struct or union laid out by C's rules on this target, as
    /// `define-c-struct` declares one. The fields' offsets are set here.
    pub fn laid_out(name: &str, is_union: bool, fields: Vec<Field>, model: DataModel) -> Record {
        let (offsets, size, align) = c_rules(
            is_union,
            fields.iter().map(|f| (f.ty.size(model).unwrap_or(0), f.ty.align(model).unwrap_or(1))),
        );
        let fields = fields
            .into_iter()
            .zip(offsets)
            .map(|(f, at)| Field { offset_bits: at * 8, ..f })
            .collect();
        Record { name: name.to_string(), is_union, size, align, fields }
    }
}

/// The runtime's fields of `r`; `id_of` gives a nested record's layout id.
/// What a field's layout refers to: a record it holds, or the struct a
/// pointer field points to (by name: its layout id, if it has fields).
pub enum Ref<'a> {
    Holds(&'a Record),
    PointsTo(&'a str),
}

pub fn fields(
    r: &Record,
    model: DataModel,
    id_of: &mut dyn FnMut(Ref) -> Option<u32>,
) -> Vec<LayoutField> {
    r.fields
        .iter()
        .map(|f| {
            let (elem, count) = flatten(&f.ty);
            let (kind, bytes, record) = match elem {
                CType::Record(inner) => (
                    elle_runtime::c_kind::RECORD,
                    inner.size as i32,
                    id_of(Ref::Holds(inner)).expect("a held record's layout") as i32,
                ),
                // one element is the whole char[N]
                CType::Text(n) => (elle_runtime::c_kind::TEXT, *n as i32, -1),
                t => {
                    let c = t.result_conv(model);
                    // a pointer to a struct with fields reads as a typed pointer
                    let pointee = Record::pointee_of(t)
                        .filter(|_| c.kind == elle_runtime::c_kind::POINTER)
                        .and_then(|name| id_of(Ref::PointsTo(name)));
                    (
                        if c.kind < 0 { elle_runtime::c_kind::VOID } else { c.kind },
                        c.bytes,
                        pointee.map_or(-1, |id| id as i32),
                    )
                }
            };
            LayoutField {
                name: f.name.clone(),
                offset_bits: f.offset_bits,
                kind,
                bytes,
                record,
                count: count as i32,
                bit_width: f.bit_width.unwrap_or(0) as i32,
            }
        })
        .collect()
}

/// An array's element type and total count (`int grid[3][4]`: int, 12);
/// a single value's type and 0.
fn flatten(t: &CType) -> (&CType, u64) {
    match t {
        CType::Array(inner, n) => {
            let (e, m) = flatten(inner);
            (e, n * m.max(1))
        }
        t => (t, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c_rules_pad_and_align() {
        let int = CType::Int { bytes: 4, signed: true };
        let field =
            |n: &str, ty| Field { name: Some(n.into()), offset_bits: 0, bit_width: None, ty };
        let fields = vec![
            field("c", CType::Int { bytes: 1, signed: true }),
            field("d", CType::Double),
            field("i", CType::Array(Box::new(int), 3)),
        ];
        let r = Record::laid_out("t", false, fields.clone(), DataModel::HOST);
        assert_eq!((r.size, r.align), (32, 8));
        assert_eq!(r.fields.iter().map(|f| f.offset_bits / 8).collect::<Vec<_>>(), vec![0, 8, 16]);
        let u = Record::laid_out("u", true, fields, DataModel::HOST);
        assert_eq!((u.size, u.align), (16, 8));
        assert!(u.fields.iter().all(|f| f.offset_bits == 0));
    }

    /// A 32-bit target's keywords and layouts come from its data model,
    /// not from the machine the compiler runs on.
    #[test]
    fn the_data_model_sizes_long_size_t_and_pointers() {
        let ilp32 = DataModel { pointer: 4, long: 4, size_t: 4 };
        let bytes = |k: &str, m| match CType::from_keyword(k, m) {
            Some(CType::Int { bytes, .. }) => bytes as u64,
            Some(t) => t.size(m).expect("a scalar"),
            None => panic!("{k} is a keyword"),
        };
        for (k, lp64, ilp32_bytes) in [
            ("long", 8, 4),
            ("ulong", 8, 4),
            ("size_t", 8, 4),
            ("ssize_t", 8, 4),
            ("uintptr_t", 8, 4),
            ("pointer", 8, 4),
            ("string", 8, 4),
            ("int64", 8, 8),
            ("llong", 8, 8),
            ("int", 4, 4),
        ] {
            assert_eq!((bytes(k, DataModel::HOST), bytes(k, ilp32)), (lp64, ilp32_bytes), ":{k}");
        }
        let field = |n: &str, k: &str| Field {
            name: Some(n.into()),
            offset_bits: 0,
            bit_width: None,
            ty: CType::from_keyword(k, ilp32).unwrap(),
        };
        let r =
            Record::laid_out("p", false, vec![field("c", "char"), field("p", "pointer")], ilp32);
        assert_eq!((r.size, r.align, r.fields[1].offset_bits), (8, 4, 32));
        let conv = CType::from_keyword("pointer", ilp32).unwrap().param_conv(ilp32);
        assert_eq!(conv.bytes, 4);
    }
}
