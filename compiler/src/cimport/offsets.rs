//! Field offsets of a record. clang's offset queries
//! (`clang_Cursor_getOffsetOfField`) first check the whole record for
//! incomplete types, recursing into every record nested by value along
//! every path: a struct that nests another twice at each level costs 2^depth
//! visits per query (24 levels took 2 s, 28 levels 30 s, 40 never ended).
//! Where that check would be large, the offsets are C's layout rules applied
//! to clang's own sizes and alignments of the fields — used only when
//! neither the record nor a field carries an attribute (`packed`,
//! `aligned`, `#pragma pack`), no field is a bitfield, and the rule gives
//! clang's size and alignment for the record; otherwise clang answers,
//! however long it takes.

use crate::ctype::layout::c_rules;
use crate::ctype::{CType, Record};
use clang_sys::*;
use std::collections::HashMap;
use std::rc::Rc;

/// Field visits of clang's check past which the rule is tried first.
const CHECK_VISITS: u64 = 4096;

/// The offset in bits of each of `fields` (cursors of `record`'s fields,
/// `types` their models) within `record`, declared by `decl`.
pub(super) fn field_offsets(
    record: CXType,
    decl: CXCursor,
    fields: &[CXCursor],
    types: &[CType],
    is_union: bool,
) -> Vec<u64> {
    if check_visits(types) > CHECK_VISITS {
        if let Some(offsets) = by_rule(record, decl, fields, is_union) {
            return offsets;
        }
    }
    // SAFETY: cursors of a live tu.
    fields.iter().map(|&f| unsafe { clang_Cursor_getOffsetOfField(f) }.max(0) as u64).collect()
}

/// How many fields clang's check visits for a record whose fields have
/// `types`: each field, and the fields of a record it holds by value,
/// along every path (counted once per shared record, saturating).
fn check_visits(types: &[CType]) -> u64 {
    fn visits(
        types: &mut dyn Iterator<Item = &CType>,
        memo: &mut HashMap<*const Record, u64>,
    ) -> u64 {
        let mut n = 0u64;
        for t in types {
            let nested = match t {
                CType::Record(r) => match memo.get(&Rc::as_ptr(r)) {
                    Some(&v) => v,
                    None => {
                        let v = visits(&mut r.fields.iter().map(|f| &f.ty), memo);
                        memo.insert(Rc::as_ptr(r), v);
                        v
                    }
                },
                _ => 0,
            };
            n = n.saturating_add(1).saturating_add(nested);
        }
        n
    }
    visits(&mut types.iter(), &mut HashMap::new())
}

/// C's rules (`ctype::layout::c_rules`) on clang's sizes and alignments of
/// the fields, if they surely give what clang did.
fn by_rule(
    record: CXType,
    decl: CXCursor,
    fields: &[CXCursor],
    is_union: bool,
) -> Option<Vec<u64>> {
    // SAFETY: cursors and types of a live tu.
    unsafe {
        if clang_Cursor_hasAttrs(decl) != 0 {
            return None;
        }
        let mut sizes = Vec::with_capacity(fields.len());
        for &f in fields {
            if clang_Cursor_isBitField(f) != 0 || clang_Cursor_hasAttrs(f) != 0 {
                return None;
            }
            let t = clang_getCursorType(f);
            let size = u64::try_from(clang_Type_getSizeOf(t)).ok()?;
            let align = u64::try_from(clang_Type_getAlignOf(t)).ok().filter(|&a| a > 0)?;
            sizes.push((size, align));
        }
        let (offsets, size, align) = c_rules(is_union, sizes);
        let same = i64::try_from(size).ok()? == clang_Type_getSizeOf(record)
            && i64::try_from(align).ok()? == clang_Type_getAlignOf(record);
        same.then(|| offsets.into_iter().map(|at| at * 8).collect())
    }
}
