/* racelab-rust
 * rustc: rejected E0133
 * why: The C `localtime` returns a pointer into one static buffer that every
 *   call overwrites. The direct Rust mirror is a `static mut TM_BUF` that
 *   `localtime` fills and lends out as `&'static Tm`; rustc rejects every use
 *   of a mutable static outside an `unsafe` block (E0133), because nothing
 *   stops two threads from writing it at once. std itself has no function
 *   with a hidden result buffer.
 */
use std::sync::mpsc;
use std::thread;

#[derive(Clone, Copy)]
struct Tm {
    year: i64,
    mon: u32,
    mday: u32,
}

// BUG: one result buffer for every caller, as in libc.
static mut TM_BUF: Tm = Tm { year: 0, mon: 0, mday: 0 };

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

fn localtime(t: i64) -> &'static Tm {
    let (year, mon, mday) = civil_from_days(t.div_euclid(86_400));
    TM_BUF = Tm { year, mon, mday }; // E0133: use of mutable static
    &TM_BUF // E0133
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
        second_converted_rx.recv().unwrap(); // the other call overwrites *tm
        format_date(tm)
    });
    let second = thread::spawn(move || {
        first_converted_rx.recv().unwrap();
        let tm = localtime(1_234_567_890); // 2009-02-13
        let date = format_date(tm);
        second_converted_tx.send(()).unwrap();
        date
    });
    let (a, b) = (first.join().unwrap(), second.join().unwrap());
    println!("first thread: {}, second thread: {}", a, b);
}
