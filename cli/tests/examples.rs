//! The programs under examples/, run as a user would, in both executors:
//! the SDL2 game draws with no display (SDL's offscreen video driver),
//! reports the colours it read back and saves the frame, which is checked
//! here too; the GTK4 application runs on a virtual X server (xvfb-run),
//! photographed (ImageMagick's import) until it clicks its own button.
//! The programs that need no display run as wasm32 modules in node too.

#[path = "support/wasm32_zlib.rs"]
mod wasm32_zlib;

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
    let (offset, width, height, bpp) = (
        le32(10) as usize,
        le32(18) as usize,
        le32(22) as i32,
        u16::from_le_bytes([bmp[28], bmp[29]]),
    );
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
    let out = Command::new(env!("CARGO_BIN_EXE_elle"))
        .arg(&game)
        .arg("3")
        .arg(&bmp)
        .env("SDL_VIDEODRIVER", "offscreen")
        .output()
        .expect("elle runs");
    check_sdl2_frame(&out, &bmp);

    let exe = dir.join("sdl2-game");
    let built = Command::new(env!("CARGO_BIN_EXE_ellec"))
        .arg(&game)
        .arg("-o")
        .arg(&exe)
        .output()
        .expect("ellec runs");
    assert_eq!(built.status.code(), Some(0), "{}", text(&built.stderr));
    let ldd = Command::new("ldd").arg(&exe).output().expect("ldd runs");
    assert!(!text(&ldd.stdout).contains("libSDL2"), "SDL2 is linked in:\n{}", text(&ldd.stdout));
    let bmp = dir.join("compiled.bmp");
    let out = Command::new(&exe)
        .arg("3")
        .arg(&bmp)
        .env("SDL_VIDEODRIVER", "offscreen")
        .output()
        .expect("the game runs");
    check_sdl2_frame(&out, &bmp);
}

#[test]
fn sdl2_game_runs_from_the_bindings_ellec_bind_writes() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("examples-bound");
    std::fs::create_dir_all(&dir).expect("temp dir");
    // the same bindings on every run
    let bind = |out: &Path| {
        let o = Command::new(env!("CARGO_BIN_EXE_ellec"))
            .args(["bind", "SDL2/SDL.h", "--lib", "sdl2", "-o"])
            .arg(out)
            .output()
            .expect("ellec runs");
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        std::fs::read_to_string(out).expect("bindings written")
    };
    let bindings = bind(&dir.join("sdl2.lisp"));
    assert_eq!(bindings, bind(&dir.join("sdl2-again.lisp")), "ellec bind is deterministic");
    for line in [
        "(define sdl2-library (load-library \"sdl2\"))",
        "(define-c-constant SDL_INIT_VIDEO 32)",
        "(define-c-constant SDL_WINDOWPOS_CENTERED 805240832)",
        "(define-c-struct SDL_Rect\n  (x :int32)\n  (y :int32)\n  (w :int32)\n  (h :int32))",
        "(define-c-union SDL_Event\n  (type :uint32)\n",
        "(define-c-function sdl-create-window sdl2-library \"SDL_CreateWindow\" (:string :int32 :int32 :int32 :int32 :uint32) (* SDL_Window))",
        "(define-c-function sdl-log sdl2-library \"SDL_Log\" (:string &rest) :void)",
        "(define-c-macro SDL_SaveBMP sdl-save-bmp (surface file) (SDL_SaveBMP_RW surface (SDL_RWFromFile file \"wb\") 1))",
    ] {
        assert!(bindings.contains(line), "the bindings lack {line}");
    }

    // the game with (include "sdl2.lisp") for its header, in both executors
    let game =
        std::fs::read_to_string(root().join("examples/sdl2-game.lisp")).expect("the example");
    let bound =
        game.replace("(load-header-with-lib \"SDL2/SDL.h\" \"sdl2\")", "(include \"sdl2.lisp\")");
    assert_ne!(bound, game, "the example loads SDL2/SDL.h");
    let program = dir.join("sdl2-game.lisp");
    std::fs::write(&program, bound).expect("write");
    let bmp = dir.join("interpreted.bmp");
    let out = Command::new(env!("CARGO_BIN_EXE_elle"))
        .arg(&program)
        .arg("3")
        .arg(&bmp)
        .env("SDL_VIDEODRIVER", "offscreen")
        .output()
        .expect("elle runs");
    check_sdl2_frame(&out, &bmp);
    let exe = dir.join("sdl2-game");
    let built = Command::new(env!("CARGO_BIN_EXE_ellec"))
        .arg(&program)
        .arg("-o")
        .arg(&exe)
        .output()
        .expect("ellec runs");
    assert_eq!(built.status.code(), Some(0), "{}", text(&built.stderr));
    let bmp = dir.join("compiled.bmp");
    let out = Command::new(&exe)
        .arg("3")
        .arg(&bmp)
        .env("SDL_VIDEODRIVER", "offscreen")
        .output()
        .expect("the game runs");
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
    let built = Command::new(env!("CARGO_BIN_EXE_ellec"))
        .arg(&program)
        .arg("-o")
        .arg(&exe)
        .output()
        .expect("ellec runs");
    assert_eq!(built.status.code(), Some(0), "{}", text(&built.stderr));
    let ldd = Command::new("ldd").arg(&exe).output().expect("ldd runs");
    assert!(!text(&ldd.stdout).contains("libLLVM"), "LLVM is linked in:\n{}", text(&ldd.stdout));
    let out = Command::new(&exe).output().expect("the compiler runs");
    assert_eq!(text(&out.stdout), expected, "{}", text(&out.stderr));
}

/// `ellec` rejects `program`, writing nothing: its report.
fn rejected(name: &str, program: &str) -> String {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("examples-roadmap");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join(format!("{name}.lisp"));
    std::fs::write(&file, program).expect("write");
    let exe = dir.join(name);
    let out = Command::new(env!("CARGO_BIN_EXE_ellec"))
        .arg(&file)
        .arg("-o")
        .arg(&exe)
        .output()
        .expect("ellec runs");
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!exe.exists(), "nothing is written for a rejected program");
    err
}

/// `ellec` rejects `program` with `error` and the C `prototype`.
fn rejected_naming_the_prototype(name: &str, program: &str, error: &str, prototype: &str) {
    let err = rejected(name, program);
    assert!(err.contains(error), "{err}");
    assert!(err.contains(&format!("C prototype: {prototype}")), "{err}");
}

#[test]
fn the_roadmaps_wrong_lines_are_compile_time_errors_naming_the_c_prototype() {
    // 5.3 as the roadmap wrote it: LLVMFunctionType without the parameter count
    rejected_naming_the_prototype(
        "function-type",
        "(load-header-with-lib \"llvm-c/Core.h\" \"llvm-config-19\")\n(let i32-type (llvm-int32-type))\n(let func-type (llvm-function-type i32-type #() #f))\n",
        ":3:16: error: LLVMFunctionType takes 4 arguments, but is given 3",
        "LLVMTypeRef LLVMFunctionType(LLVMTypeRef, LLVMTypeRef *, unsigned int, LLVMBool)",
    );
    // 3.3 (and the overview): GTK 3's gtk_window_new(GTK_WINDOW_TOPLEVEL); GTK 4's takes nothing
    rejected_naming_the_prototype(
        "window-new",
        "(load-header-with-lib \"gtk/gtk.h\" \"gtk4\")\n(let window (gtk-window-new GTK_WINDOW_TOPLEVEL))\n(gtk-widget-show window)\n",
        ":2:13: error: gtk_window_new takes 0 arguments, but is given 1",
        "GtkWidget * gtk_window_new(void)",
    );
}

/// `ellec` rejects `program` with a first line containing `error`.
fn rejected_with(name: &str, program: &str, error: &str) {
    let err = rejected(name, program);
    assert!(err.lines().next().is_some_and(|l| l.contains(error)), "{err}");
}

#[test]
fn the_roadmaps_paths_are_errors_saying_what_to_write_here() {
    // 5.1, 5.2 and 5.3 name headers and libraries by paths Debian does not use
    rejected_with(
        "gtk-paths",
        "(load-header-with-lib \"/usr/include/gtk-4/gtk.h\"\n                       \"/usr/lib/libgtk-4.so.1\")\n",
        "library '/usr/lib/libgtk-4.so.1' does not exist: libgtk-4.so.1 is /usr/lib/x86_64-linux-gnu/libgtk-4.so.1 here; name the library by its pkg-config package instead: \"gtk4\"",
    );
    rejected_with(
        "gtk-header",
        "(load-header-with-lib \"/usr/include/gtk-4/gtk.h\" \"gtk4\")\n",
        "'/usr/include/gtk-4/gtk.h' file not found; include it as \"gtk/gtk.h\"",
    );
    rejected_with("sdl2-library", "(load-header-with-lib \"/usr/include/SDL2/SDL.h\"\n                       \"/usr/lib/libSDL2.so\")\n", "name the library by its pkg-config package instead: \"sdl2\"");
    rejected_with(
        "llvm-library",
        "(load-header-with-lib \"/usr/include/llvm-c/Core.h\"\n                       \"/usr/lib/libLLVM.so\")\n",
        "library '/usr/lib/libLLVM.so' does not exist: name the library by its configuration program instead: \"llvm-config-19\"",
    );
    rejected_with(
        "llvm-header",
        "(load-header-with-lib \"/usr/include/llvm-c/Core.h\" \"llvm-config-19\")\n",
        "file not found; include it as \"llvm-c/Core.h\"",
    );
}

/// A binary PPM (P6) image: width, height and its RGB bytes.
fn ppm(bytes: &[u8]) -> (usize, usize, &[u8]) {
    // the header is four whitespace-separated words: P6 width height maxval
    let mut words = Vec::new();
    let mut at = 0;
    while words.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        words.push(std::str::from_utf8(&bytes[start..at]).expect("an ASCII header").to_string());
    }
    assert_eq!((words[0].as_str(), words[3].as_str()), ("P6", "255"), "an 8-bit binary PPM");
    let (w, h) = (words[1].parse().expect("width"), words[2].parse().expect("height"));
    (w, h, &bytes[at + 1..at + 1 + w * h * 3])
}

/// What a screenshot shows of the GTK4 example's window: `Ok` if the screen
/// holds a 400x300 window, light (GTK's theme) but for the dark text of its
/// label and button; else what was seen.
fn gtk_window_seen(shot: &[u8]) -> Result<(), String> {
    let (w, h, rgb) = ppm(shot);
    let px = |x: usize, y: usize| {
        (rgb[(y * w + x) * 3], rgb[(y * w + x) * 3 + 1], rgb[(y * w + x) * 3 + 2])
    };
    let lit: Vec<(usize, usize)> = (0..h)
        .flat_map(|y| (0..w).map(move |x| (x, y)))
        .filter(|&(x, y)| px(x, y) != (0, 0, 0))
        .collect();
    let (Some(x0), Some(x1)) = (lit.iter().map(|p| p.0).min(), lit.iter().map(|p| p.0).max())
    else {
        return Err("a black screen".into());
    };
    let (y0, y1) =
        (lit.iter().map(|p| p.1).min().unwrap_or(0), lit.iter().map(|p| p.1).max().unwrap_or(0));
    let (width, height) = (x1 - x0 + 1, y1 - y0 + 1);
    if (width, height) != (400, 300) {
        return Err(format!("a {width}x{height} area at ({x0},{y0}), not the 400x300 window"));
    }
    let light = lit
        .iter()
        .filter(|&&(x, y)| px(x, y).0 > 200 && px(x, y).1 > 200 && px(x, y).2 > 200)
        .count();
    let dark = lit.iter().filter(|&&(x, y)| px(x, y).0 < 100).count();
    if light < width * height * 9 / 10 || dark < 50 {
        return Err(format!("a window with {light} light and {dark} dark pixels: not GTK's light theme with text on it"));
    }
    Ok(())
}

/// Runs `program args` on a virtual X server, photographing the screen every
/// 0.2 s until it exits: its output, and the screenshots in order.
fn run_photographed(
    dir: &Path,
    program: &Path,
    args: &[&str],
) -> (std::process::Output, Vec<Vec<u8>>) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("shots dir");
    let script = r#"dir="$1"; shift
"$@" & pid=$!
i=0
while kill -0 "$pid" 2>/dev/null; do
    import -window root -depth 8 "$dir/$i.ppm" 2>/dev/null
    i=$((i+1)); sleep 0.2
done
wait "$pid""#;
    let run = || {
        Command::new("xvfb-run")
            .args(["-a", "-s", "-screen 0 640x480x24", "sh", "-c", script, "sh"])
            .arg(dir)
            .arg(program)
            .args(args)
            .output()
            .expect("xvfb-run runs (CI installs xvfb and imagemagick)")
    };
    // the virtual X server itself sometimes fails to come up on a loaded
    // machine ("cannot open display"): that is the harness's failure, not
    // the program's, and is tried again
    let mut out = run();
    for _ in 0..2 {
        if !String::from_utf8_lossy(&out.stderr).contains("cannot open display") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_secs(1));
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir).expect("shots dir");
        out = run();
    }
    let mut shots: Vec<(usize, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("shots")
        .flatten()
        .filter_map(|e| {
            Some((e.path().file_stem()?.to_str()?.parse().ok()?, std::fs::read(e.path()).ok()?))
        })
        .collect();
    shots.sort();
    (out, shots.into_iter().map(|s| s.1).filter(|s| !s.is_empty()).collect())
}

fn check_gtk_run(name: &str, program: &Path, args: &[&str]) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("gtk-shots").join(name);
    let (out, shots) = run_photographed(&dir, program, args);
    assert_eq!(out.status.code(), Some(0), "{name}: {}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "Button clicked from Elle!\n", "{name}: {}", text(&out.stderr));
    let seen: Vec<Result<(), String>> = shots.iter().map(|s| gtk_window_seen(s)).collect();
    // (the click closes the window, and with it the application: exit 0)
    assert!(
        seen.iter().any(Result::is_ok),
        "{name}: the window was never seen on screen; the screenshots showed {seen:?}"
    );
}

#[test]
fn gtk4_app_shows_its_window_and_its_button_closes_it_in_both_executors() {
    let app = root().join("examples/gtk4-app.lisp");
    let elle = PathBuf::from(env!("CARGO_BIN_EXE_elle"));
    // elle runs the file: the program is `elle examples/gtk4-app.lisp 2000`
    let app_arg = app.display().to_string();
    check_gtk_run("interpreted", &elle, &[&app_arg, "2000"]);

    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("examples");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let exe = dir.join("gtk4-app");
    let built = Command::new(env!("CARGO_BIN_EXE_ellec"))
        .arg("-v")
        .arg(&app)
        .arg("-o")
        .arg(&exe)
        .output()
        .expect("ellec runs");
    assert_eq!(built.status.code(), Some(0), "{}", text(&built.stderr));
    assert!(
        text(&built.stderr).contains("ellec: gtk4 links dynamically: no libgtk-4.a"),
        "{}",
        text(&built.stderr)
    );
    check_gtk_run("compiled", &exe, &["2000"]);
}

/// What `example` prints with `args`, run from `dir` by `elle`, as an
/// executable and as a wasm32 module in node: the same in each.
fn same_in_every_executor(example: &str, dir: &Path, args: &[&str]) -> String {
    let program = root().join("examples").join(format!("{example}.lisp"));
    let run = |cmd: &mut Command, how: &str| {
        let out = cmd.args(args).current_dir(dir).output().expect("the program runs");
        assert_eq!(out.status.code(), Some(0), "{example} ({how}): {}", text(&out.stderr));
        text(&out.stdout)
    };
    let interpreted = run(Command::new(env!("CARGO_BIN_EXE_elle")).arg(&program), "elle");
    for (target, out) in
        [("x86_64", dir.join(example)), ("wasm32", dir.join(format!("{example}.wasm")))]
    {
        let built = Command::new(env!("CARGO_BIN_EXE_ellec"))
            .arg(&program)
            .args(["-O2", "--target", target, "-o"])
            .arg(&out)
            .output()
            .expect("ellec runs");
        assert_eq!(built.status.code(), Some(0), "{example} for {target}: {}", text(&built.stderr));
        let printed = match target {
            "wasm32" => run(Command::new("node").arg(out.with_extension("mjs")), target),
            _ => run(&mut Command::new(&out), target),
        };
        assert_eq!(printed, interpreted, "{example}: {target} and elle differ");
    }
    interpreted
}

#[test]
fn word_count_and_compress_print_the_same_natively_and_as_wasm32_modules() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("examples-wasm32");
    std::fs::create_dir_all(&dir).expect("temp dir");
    // zlib joins the module as its wasm32 archive, found through LIBRARY_PATH
    wasm32_zlib::build(&dir);
    std::env::set_var("LIBRARY_PATH", &dir);
    // a file named relative to the folder the program runs in
    std::fs::write(dir.join("words.txt"), "the cat sat on the mat the end").expect("write");
    let counted = same_in_every_executor("word-count", &dir, &["words.txt"]);
    assert!(counted.starts_with("6 distinct words\nthe 3\n"), "{counted}");
    let compressed = same_in_every_executor("compress", &dir, &["words.txt"]);
    assert!(compressed.contains("round trip exact; crc32 "), "{compressed}");
    assert!(compressed.ends_with("(cat end mat on sat the)\n"), "{compressed}");
    same_in_every_executor("compress", &dir, &[]);
}
