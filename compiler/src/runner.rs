//! Running Elle on a thread of its own: a large native stack (deep
//! non-tail recursion is allowed), the runtime initialised with that
//! stack's bottom for the collector, and a limit short of the stack's end
//! so running out is an Elle error, not a crash.

const STACK_SIZE: usize = 1 << 30;
const STACK_MARGIN: usize = 1 << 20;

/// Run `f` on an Elle thread and return its result (an exit code).
pub fn with_elle_thread<F>(f: F) -> i32
where
    F: FnOnce(usize) -> i32 + Send + 'static,
{
    let handle =
        std::thread::Builder::new().name("elle".into()).stack_size(STACK_SIZE).spawn(move || {
            let bottom = 0u8;
            let addr = &bottom as *const u8 as usize;
            // SAFETY: the collector scans this thread's stack from here up.
            unsafe { elle_runtime::elle_init(addr as *mut _) };
            let limit = addr.saturating_sub(STACK_SIZE - STACK_MARGIN);
            let code = f(limit);
            // SAFETY: writes out the runtime's buffered output.
            let unwritten = unsafe { elle_runtime::elle_finish_output() } != 0;
            if unwritten && code == 0 {
                1
            } else {
                code
            }
        });
    match handle.map(|h| h.join()) {
        Ok(Ok(code)) => code,
        Ok(Err(_)) => 101,
        Err(e) => {
            eprintln!("elle: cannot start the interpreter thread: {e}");
            1
        }
    }
}
