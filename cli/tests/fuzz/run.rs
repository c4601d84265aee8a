//! Running one child process under limits: a wall-clock timeout (the whole
//! process group is killed, so a linker `ellec` started goes too), an
//! address-space limit (`RLIMIT_AS`), no core files, and a cap on the
//! output kept. Output is kept as bytes: a program may print anything.

use std::io::Read;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Output past this is read and dropped, so a program printing forever
/// costs no memory here.
const OUTPUT_CAP: usize = 1 << 20;

#[derive(Clone, Copy)]
pub struct Limits {
    pub timeout: Duration,
    /// Bytes of address space. `elle` maps a 1 GiB stack for the program's
    /// thread, so this must leave room for it and for the heap beyond.
    pub address_space: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { timeout: Duration::from_secs(10), address_space: 4 << 30 }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Exit {
    Code(i32),
    Signal(i32),
    Timeout,
}

#[derive(Clone, Debug)]
pub struct Outcome {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub exit: Exit,
    pub elapsed: Duration,
}

impl Outcome {
    /// Standard error's first line, newline included (lossy UTF-8).
    pub fn stderr_first_line(&self) -> String {
        let s = String::from_utf8_lossy(&self.stderr);
        s.split_inclusive('\n').next().unwrap_or("").to_string()
    }

    pub fn exit_text(&self) -> String {
        match self.exit {
            Exit::Code(c) => format!("exit status {c}"),
            Exit::Signal(s) => format!("killed by signal {s} ({})", signal_name(s)),
            Exit::Timeout => format!("timed out after {:.1} s", self.elapsed.as_secs_f64()),
        }
    }
}

pub fn signal_name(s: i32) -> &'static str {
    match s {
        libc::SIGSEGV => "SIGSEGV",
        libc::SIGABRT => "SIGABRT",
        libc::SIGBUS => "SIGBUS",
        libc::SIGILL => "SIGILL",
        libc::SIGFPE => "SIGFPE",
        libc::SIGKILL => "SIGKILL",
        libc::SIGTRAP => "SIGTRAP",
        _ => "signal",
    }
}

fn drain(mut r: impl Read + Send + 'static) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut kept = Vec::new();
        let mut buf = [0u8; 8192];
        loop {
            match r.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    let room = OUTPUT_CAP.saturating_sub(kept.len());
                    kept.extend_from_slice(&buf[..n.min(room)]);
                }
            }
        }
        kept
    })
}

/// Run `cmd` (standard input empty) to completion or to its timeout.
pub fn run(mut cmd: Command, limits: Limits) -> std::io::Result<Outcome> {
    let address_space = limits.address_space;
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            libc::setpgid(0, 0);
            let as_limit = libc::rlimit { rlim_cur: address_space, rlim_max: address_space };
            libc::setrlimit(libc::RLIMIT_AS, &as_limit);
            let no_core = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
            libc::setrlimit(libc::RLIMIT_CORE, &no_core);
            Ok(())
        });
    }
    let start = Instant::now();
    let mut child =
        cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn()?;
    let pgid = child.id() as libc::pid_t;
    let out = drain(child.stdout.take().expect("piped"));
    let err = drain(child.stderr.take().expect("piped"));
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if start.elapsed() >= limits.timeout {
            timed_out = true;
            // SAFETY: signals the process group this run created.
            unsafe { libc::kill(-pgid, libc::SIGKILL) };
            break child.wait()?;
        }
        std::thread::sleep(Duration::from_millis(
            if start.elapsed() < Duration::from_millis(200) { 2 } else { 20 },
        ));
    };
    let elapsed = start.elapsed();
    // Whatever the child left behind in its group goes with it.
    // SAFETY: as above; an empty group gives ESRCH, which is fine.
    unsafe { libc::kill(-pgid, libc::SIGKILL) };
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    let exit = if timed_out {
        Exit::Timeout
    } else if let Some(code) = status.code() {
        Exit::Code(code)
    } else {
        Exit::Signal(status.signal().unwrap_or(0))
    };
    Ok(Outcome { stdout, stderr, exit, elapsed })
}
