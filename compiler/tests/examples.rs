//! The programs under examples/, run as a user would, in both executors:
//! the SDL2 game draws with no display (SDL's offscreen video driver),
//! reports the colours it read back and saves the frame, which is checked
//! here too.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The colour (red, green, blue) at (x, y) of a 32-bit BMP.
fn bmp_pixel(bmp: &[u8], x: usize, y: usize) -> (u8, u8, u8) {
    let le32 = |at: usize| u32::from_le_bytes(bmp[at..at + 4].try_into().expect("4 bytes"));
    let (offset, width, height, bpp) = (le32(10) as usize, le32(18) as usize, le32(22) as i32, u16::from_le_bytes([bmp[28], bmp[29]]));
    assert_eq!(bpp, 32, "a 32-bit BMP");
    // a positive height means the rows are stored bottom-up
    let row = if height > 0 { height as usize - 1 - y } else { y };
    let at = offset + (row * width + x) * 4;
    (bmp[at + 2], bmp[at + 1], bmp[at])
}

fn check_sdl2_frame(out: &std::process::Output, bmp: &Path) {
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "inside the rectangle: #xffff0000\noutside it: #xff000000\n");
    let bmp = std::fs::read(bmp).expect("the frame was saved");
    assert_eq!(bmp_pixel(&bmp, 150, 150), (255, 0, 0), "red inside the rectangle");
    assert_eq!(bmp_pixel(&bmp, 20, 20), (0, 0, 0), "black outside");
    assert_eq!(bmp_pixel(&bmp, 199, 199), (255, 0, 0), "the rectangle's far corner");
    assert_eq!(bmp_pixel(&bmp, 200, 200), (0, 0, 0), "just past it");
}

#[test]
fn sdl2_game_draws_a_red_rectangle_in_both_executors() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("examples");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let game = root().join("examples/sdl2-game.lisp");

    let bmp = dir.join("interpreted.bmp");
    let out = Command::new(env!("CARGO_BIN_EXE_elle")).arg(&game).arg("3").arg(&bmp).env("SDL_VIDEODRIVER", "offscreen").output().expect("elle runs");
    check_sdl2_frame(&out, &bmp);

    let exe = dir.join("sdl2-game");
    let built = Command::new(env!("CARGO_BIN_EXE_ellec")).arg(&game).arg("-o").arg(&exe).output().expect("ellec runs");
    assert_eq!(built.status.code(), Some(0), "{}", text(&built.stderr));
    let ldd = Command::new("ldd").arg(&exe).output().expect("ldd runs");
    assert!(!text(&ldd.stdout).contains("libSDL2"), "SDL2 is linked in:\n{}", text(&ldd.stdout));
    let bmp = dir.join("compiled.bmp");
    let out = Command::new(&exe).arg("3").arg(&bmp).env("SDL_VIDEODRIVER", "offscreen").output().expect("the game runs");
    check_sdl2_frame(&out, &bmp);
}

#[test]
fn llvm_compiler_builds_verifies_and_runs_a_module_in_both_executors() {
    let expected = "; ModuleID = 'hello'\nsource_filename = \"hello\"\n\ndefine i32 @main() {\nentry:\n  ret i32 42\n}\nverified: #t\nmain returned 42\n";
    let program = root().join("examples/llvm-compiler.lisp");
    let out = Command::new(env!("CARGO_BIN_EXE_elle")).arg(&program).output().expect("elle runs");
    assert_eq!(text(&out.stdout), expected, "{}", text(&out.stderr));

    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("examples");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let exe = dir.join("llvm-compiler");
    let built = Command::new(env!("CARGO_BIN_EXE_ellec")).arg(&program).arg("-o").arg(&exe).output().expect("ellec runs");
    assert_eq!(built.status.code(), Some(0), "{}", text(&built.stderr));
    let ldd = Command::new("ldd").arg(&exe).output().expect("ldd runs");
    assert!(!text(&ldd.stdout).contains("libLLVM"), "LLVM is linked in:\n{}", text(&ldd.stdout));
    let out = Command::new(&exe).output().expect("the compiler runs");
    assert_eq!(text(&out.stdout), expected, "{}", text(&out.stderr));
}

#[test]
fn the_roadmaps_wrong_lines_are_compile_time_errors_naming_the_c_prototype() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("examples-roadmap");
    std::fs::create_dir_all(&dir).expect("temp dir");
    // 5.3 as the roadmap wrote it: LLVMFunctionType without the parameter count
    let program = dir.join("function-type.lisp");
    std::fs::write(&program, "(load-header-with-lib \"llvm-c/Core.h\" \"llvm-config-19\")\n(let i32-type (llvm-int32-type))\n(let func-type (llvm-function-type i32-type #() #f))\n").expect("write");
    let exe = dir.join("function-type");
    let out = Command::new(env!("CARGO_BIN_EXE_ellec")).arg(&program).arg("-o").arg(&exe).output().expect("ellec runs");
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains(":3:16: error: LLVMFunctionType takes 4 arguments, but is given 3"), "{err}");
    assert!(err.contains("C prototype: LLVMTypeRef LLVMFunctionType(LLVMTypeRef, LLVMTypeRef *, unsigned int, LLVMBool)"), "{err}");
    assert!(!exe.exists(), "nothing is written for a rejected program");
}
