// Loaded with `--import` before src/main.ts by npm-start.test.ts, which is otherwise untouched:
// on SIGUSR2 a promise rejection goes unhandled, as one from a library would. Node's default ends
// the process with code 1; only the handler src/main.ts installs keeps it serving.
process.on('SIGUSR2', () => {
  void Promise.reject(new Error('nobody caught this'));
});
