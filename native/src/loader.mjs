// Runs MODULE.wasm, the WASI command module beside this file, which ellec
// made: `node THIS.mjs args...`, with the arguments, the environment, the
// file system and the current folder, exiting with the module's status.
//
// WebAssembly frames live on the engine's stack, which Elle's deep
// recursion outgrows at node's default size, so this file runs itself
// again in a node whose stack is large (the shell raises the thread's
// limit, --stack-size the engine's). There, the module's exit ends the
// process directly: unwinding an exception through many frames that tail
// calls replaced crashes node 20's engine. Its collector runs on one
// thread: with concurrent collection threads, node 20 crashes (SIGSEGV or
// a corrupted malloc heap) at random in programs whose own collector runs
// in linear memory, and a module keeps almost nothing on the engine's heap.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import process from 'node:process';

// 2 GiB (V8 takes the size in KiB and counts bytes in 31 bits): a frame of
// baseline-compiled code takes ~1 KiB here against ~60 bytes of the
// module's own 64 MiB stack, so a deep recursion meets the module's limit,
// a catchable Elle error, before node's, which ends the program
const STACK_KIB = 2 << 20;
const large = `--stack-size=${STACK_KIB - 64 * 1024}`;

if (!process.execArgv.includes(large)) {
  const script = `ulimit -s unlimited 2>/dev/null || ulimit -s ${STACK_KIB} 2>/dev/null; exec "$@"`;
  // node 18 runs WebAssembly tail calls (return_call) only when asked
  const tailCalls = Number(process.versions.node.split('.')[0]) < 20 ? ['--experimental-wasm-return-call'] : [];
  const node = [
    process.execPath, '--no-warnings', '--single-threaded-gc', ...tailCalls, large,
    fileURLToPath(import.meta.url),
  ];
  const run = spawnSync('/bin/sh', ['-c', script, 'sh', ...node, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  if (run.error) {
    process.stderr.write(`error: cannot start node again: ${run.error.message}\n`);
    process.exit(1);
  }
  process.exit(run.status ?? 128 + (run.signal === 'SIGSEGV' ? 11 : 6));
} else {
  const { WASI } = await import('node:wasi');
  const { readFile } = await import('node:fs/promises');
  const wasi = new WASI({
    version: 'preview1',
    args: ['MODULE.wasm', ...process.argv.slice(2)],
    // the whole file system, as a native program has it, and the folder
    // node runs in as the working folder (see elle_platform_start)
    env: { ...process.env, PWD: process.cwd() },
    preopens: { '/': '/' },
  });
  // node makes a pipe on stdout or stderr non-blocking, and WASI writes
  // to it directly: a full pipe would be an error (EAGAIN), not a wait
  for (const stream of [process.stdout, process.stderr]) stream._handle?.setBlocking?.(true);
  const imports = wasi.getImportObject();
  // output is written as it is made (fd_write is synchronous): nothing to flush
  imports.wasi_snapshot_preview1.proc_exit = (status) => process.exit(status);
  try {
    const bytes = await readFile(new URL('MODULE.wasm', import.meta.url));
    const { instance } = await WebAssembly.instantiate(bytes, imports);
    wasi.start(instance);
    process.exit(0);
  } catch (e) {
    const why = e instanceof RangeError ? 'stack overflow: recursion too deep'
      : e instanceof WebAssembly.RuntimeError && e.message === 'unreachable'
        ? 'a WebAssembly trap (unreachable: C called abort(), as a failed assert does, or reached code it marks unreachable)'
      : e instanceof WebAssembly.RuntimeError ? `a WebAssembly trap (${e.message})`
      : String(e && e.message ? e.message : e);
    process.stderr.write(`error: the program stopped: ${why}\n`);
    process.exit(1);
  }
}
