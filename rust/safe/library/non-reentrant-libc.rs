/* racelab-rust
 * rustc: compiles
 * why: The Rust idiom is the `_r` variant by default: `localtime` returns its
 *   `Tm` by value, so every caller owns its result and there is no shared
 *   buffer to overwrite. The channels force the same interleaving as the C
 *   program; the first thread's date is unaffected.
 * oracle: stdout "first thread: 2000-01-01, second thread: 2009-02-13"
 * timeout: 30
 */
use std::sync::mpsc;
use std::thread;

#[derive(Clone, Copy)]
struct Tm {
    year: i64,
    mon: u32,
    mday: u32,
}

// Days since 1970-01-01 to a civil date (H. Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    (y, m, d)
}

// FIX: the result is returned by value; the caller owns it.
fn localtime(t: i64) -> Tm {
    let (year, mon, mday) = civil_from_days(t.div_euclid(86_400));
    Tm { year, mon, mday }
}

fn format_date(tm: &Tm) -> String {
    format!("{:04}-{:02}-{:02}", tm.year, tm.mon, tm.mday)
}

fn main() {
    let (first_converted_tx, first_converted_rx) = mpsc::channel();
    let (second_converted_tx, second_converted_rx) = mpsc::channel();
    let first = thread::spawn(move || {
        let tm = localtime(946_684_800); // 2000-01-01
        first_converted_tx.send(()).unwrap();
        second_converted_rx.recv().unwrap(); // the other call cannot touch tm
        format_date(&tm)
    });
    let second = thread::spawn(move || {
        first_converted_rx.recv().unwrap();
        let tm = localtime(1_234_567_890); // 2009-02-13
        let date = format_date(&tm);
        second_converted_tx.send(()).unwrap();
        date
    });
    let (a, b) = (first.join().unwrap(), second.join().unwrap());
    println!("first thread: {}, second thread: {}", a, b);
}
