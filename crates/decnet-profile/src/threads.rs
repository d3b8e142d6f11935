//! Sharing work between this thread and helpers it starts.

use std::thread;

/// Runs `here`, then `work`, on this thread, while up to `helpers` threads
/// started for the purpose run `work` too; returns what `here` returned
/// and everything the runs of `work` returned, this thread's first.
///
/// `work` takes its share from a source all threads read (a counter, a
/// queue) until the source is empty, so a helper that cannot be started
/// leaves its share to the others rather than failing the run. A helper
/// panics only on a bug; the panic is carried on here.
pub(crate) fn share<H, T: Send>(
    helpers: usize,
    here: impl FnOnce() -> H,
    work: impl Fn() -> Vec<T> + Sync,
) -> (H, Vec<T>) {
    let work = &work;
    thread::scope(|scope| {
        let started: Vec<_> = (0..helpers)
            .filter_map(|_| thread::Builder::new().spawn_scoped(scope, work).ok())
            .collect();
        let here = here();
        let mut done = work();
        for helper in started {
            match helper.join() {
                Ok(more) => done.extend(more),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        (here, done)
    })
}
