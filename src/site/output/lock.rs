//! The lock that keeps two builds of one output folder apart: a file beside
//! the output, locked for as long as a build's writer lives (std's
//! `File::lock`: `flock` on Unix, `LockFileEx` on Windows, released by the
//! system when the process ends however it ends). It never waits unbounded.

use std::fs::{self, File, TryLockError};
use std::path::Path;
use std::time::{Duration, Instant};

use super::{io, Notices, OutputError, OutputNotice};

/// How long a build waits for another build of the same folder to finish.
pub const LOCK_WAIT: Duration = Duration::from_secs(120);
/// How often a waiting build tries the lock again.
const LOCK_RETRY: Duration = Duration::from_millis(100);

/// Takes the lock file `lock` beside the output, waiting up to `wait` while
/// another build holds it (and telling `notices` once that it waits). The
/// file stays (removing a lock file races with the next build taking it);
/// the lock goes with the process, however it ends.
pub fn lock_output(
    lock: &Path,
    destination: &Path,
    wait: Duration,
    notices: Notices<'_>,
) -> Result<File, OutputError> {
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(lock)
        .map_err(io("creating the lock file", lock))?;
    let started = Instant::now();
    let mut said = false;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            // A file system without locks: build as before, unguarded.
            Err(TryLockError::Error(error)) if error.kind() == std::io::ErrorKind::Unsupported => {
                return Ok(file)
            }
            Err(TryLockError::Error(error)) => return Err(io("locking", lock)(error)),
            Err(TryLockError::WouldBlock) => {}
        }
        if started.elapsed() >= wait {
            return Err(OutputError::Busy {
                destination: destination.to_path_buf(),
                lock: lock.to_path_buf(),
                waited: wait,
            });
        }
        if !said {
            notices(OutputNotice::Waiting {
                destination: destination.to_path_buf(),
            });
            said = true;
        }
        std::thread::sleep(LOCK_RETRY);
    }
}
