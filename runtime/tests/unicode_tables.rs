//! The character tables the runtime carries (`c/unicode-tables.h`) are
//! what `unicode/generate.py` makes from the Unicode Character Database
//! Debian's unicode-data package installs (ci/install.sh installs it): the
//! file is generated, never edited by hand.

use std::path::Path;
use std::process::Command;

#[test]
fn unicode_tables_are_generated_from_the_installed_database() {
    let ucd = Path::new("/usr/share/unicode/UnicodeData.txt");
    assert!(ucd.exists(), "the Unicode Character Database is not installed (Debian package unicode-data; ci/install.sh installs it)");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("python3")
        .arg(root.join("unicode/generate.py"))
        .output()
        .expect("python3 runs the generator");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let checked_in = std::fs::read(root.join("c/unicode-tables.h")).expect("c/unicode-tables.h");
    assert!(
        out.stdout == checked_in,
        "c/unicode-tables.h is not what unicode/generate.py writes: run\n  python3 runtime/unicode/generate.py > runtime/c/unicode-tables.h"
    );
}
