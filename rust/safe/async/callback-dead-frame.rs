/* racelab-rust
 * rustc: compiles
 * why: Rust allows this: `async move` moves the heap buffer (a `Vec`) into the
 *   callback's task, which owns it and drops it when done, so the frame of
 *   `start_request` no longer matters.
 * oracle: stdout "scratch intact"
 * timeout: 30
 */
use tokio::task::JoinHandle;

const REPLY: &[u8] = b"reply 42";

fn on_reply(buf: &mut [u8]) {
    buf[..REPLY.len()].copy_from_slice(REPLY);
    println!(
        "callback got: {}",
        String::from_utf8_lossy(&buf[..REPLY.len()])
    );
}

fn start_request() -> JoinHandle<()> {
    let mut buf = vec![0u8; 64]; // on the heap; moved into the callback, which owns it
    tokio::spawn(async move {
        on_reply(&mut buf);
    }) // the buffer is dropped when the callback is done
}

async fn other_work(callback: JoinHandle<()>) -> bool {
    let scratch = [b'.'; 256];
    callback.await.unwrap(); // wait for the callback, then look at scratch again
    scratch.iter().all(|&c| c == b'.')
}

#[tokio::main(flavor = "multi_thread", worker_threads = 1)]
async fn main() {
    let callback = start_request();
    let intact = other_work(callback).await;
    println!(
        "{}",
        if intact {
            "scratch intact"
        } else {
            "scratch overwritten by the callback"
        }
    );
}
