/* racelab-rust
 * rustc: rejected E0373
 * why: `start_request` spawns an async block that borrows `buf`, a local of
 *   `start_request`. `tokio::spawn` requires a `'static` future because the
 *   task may run after the function has returned: E0373 ("async block may
 *   outlive the current function, but it borrows `buf`"), with the help to use
 *   `async move`. The dangling write of the C program cannot be written.
 */
use tokio::task::JoinHandle;

const REPLY: &[u8] = b"reply 42";

fn on_reply(buf: &mut [u8; 64]) {
    buf[..REPLY.len()].copy_from_slice(REPLY);
    println!(
        "callback got: {}",
        String::from_utf8_lossy(&buf[..REPLY.len()])
    );
}

fn start_request() -> JoinHandle<()> {
    let mut buf = [0u8; 64]; // lives only until this function returns
    tokio::spawn(async {
        on_reply(&mut buf); // the callback writes into start_request's frame
    })
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
