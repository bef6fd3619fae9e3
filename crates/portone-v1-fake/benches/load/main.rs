//! A bounded load test of a PortOne V1 server on 127.0.0.1: N concurrent
//! clients, each on one keep-alive connection, repeat getToken →
//! GET /payments/{imp_uid} → POST /payments/cancel for a fixed time; the
//! report is throughput, p50/p99 latency (all calls and per call) and, with
//! `--server-pid`, the server's CPU time per request.
//!
//! `benches/load_vs_prism.sh` runs it against the fake and against Stoplight
//! Prism's mock server of the same spec, alternately (BENCHMARKS.md, "The fake
//! under load"). Speed is reported here, never asserted by a test.
//!
//! ```text
//! cargo bench -p portone-v1-fake --bench load -- --url http://127.0.0.1:PORT \
//!     [--label NAME] [--clients 64] [--warmup 2] [--duration 10] \
//!     [--payments P] [--cancels-per-payment K] [--server-pid PID] [--threads 1]
//! cargo bench -p portone-v1-fake --bench load -- --write-seed FILE --payments P \
//!     [--cancels-per-payment K]
//! cargo bench -p portone-v1-fake --bench load      # against an in-process fake
//! ```
//!
//! Without `--bench` among its arguments (`cargo test --benches` runs bench
//! targets that way) it makes a smoke run of well under a second against an
//! in-process fake and fails if any request failed.

mod mix;
mod stats;

use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use mix::{CANCEL_UNIT, Call, ClientReport, DEFAULT_CANCELS_PER_PAYMENT, Target, Window};
use portone_v1::money::Amount;
use portone_v1_fake::{FakeConfig, FakeServer, seeds};

const USAGE: &str = "\
usage: load --url http://127.0.0.1:PORT [--label NAME] [--clients N] [--warmup S]
            [--duration S] [--payments P] [--cancels-per-payment K]
            [--server-pid PID] [--threads T]
       load --write-seed FILE --payments P [--cancels-per-payment K]
       load                  (no --url: against an in-process fake)";

/// How long after the end of the run the clients get to finish before they
/// are abandoned (a request times out after `mix::REQUEST_TIMEOUT`).
const GRACE: Duration = Duration::from_secs(10);

struct Options {
    url: Option<String>,
    label: String,
    clients: usize,
    warmup: Duration,
    duration: Duration,
    payments: Option<usize>,
    cancels_per_payment: i64,
    server_pid: Option<u32>,
    threads: usize,
    write_seed: Option<String>,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        url: None,
        label: "server".to_string(),
        clients: 64,
        warmup: Duration::from_secs(2),
        duration: Duration::from_secs(10),
        payments: None,
        cancels_per_payment: DEFAULT_CANCELS_PER_PAYMENT,
        server_pid: None,
        threads: 1,
        write_seed: None,
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        if flag == "--bench" {
            continue;
        }
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        let number = |v: String| {
            v.parse::<u64>()
                .map_err(|_| format!("{flag} `{v}` is not a whole number"))
        };
        match flag.as_str() {
            "--url" => o.url = Some(value()?),
            "--label" => o.label = value()?,
            "--clients" => o.clients = number(value()?)?.max(1) as usize,
            "--warmup" => o.warmup = Duration::from_secs(number(value()?)?),
            "--duration" => o.duration = Duration::from_secs(number(value()?)?.max(1)),
            "--payments" => o.payments = Some(number(value()?)? as usize),
            "--cancels-per-payment" => o.cancels_per_payment = number(value()?)?.max(1) as i64,
            "--server-pid" => o.server_pid = Some(number(value()?)? as u32),
            "--threads" => o.threads = number(value()?)?.max(1) as usize,
            "--write-seed" => o.write_seed = Some(value()?),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(o)
}

/// `http://127.0.0.1:PORT` → the address; anything else is refused: this
/// tool only ever loads a server on this machine's loopback.
fn loopback_addr(url: &str) -> Result<SocketAddr, String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| format!("--url `{url}`: only http://127.0.0.1:PORT is allowed"))?;
    let addr: SocketAddr = rest
        .trim_end_matches('/')
        .parse()
        .map_err(|_| format!("--url `{url}`: expected http://127.0.0.1:PORT"))?;
    if addr.ip() != Ipv4Addr::LOCALHOST {
        return Err(format!(
            "--url `{url}`: only 127.0.0.1 may be loaded, not {}",
            addr.ip()
        ));
    }
    Ok(addr)
}

/// The payments the clients cancel: copies of the built-in paid card
/// payment, each worth `cancels` cancels.
fn load_payments(count: usize, cancels: i64) -> Vec<portone_v1::Payment> {
    let template = seeds::default_payments()
        .into_iter()
        .find(|p| p.imp_uid == seeds::CARD_PAID)
        .expect("the built-in card payment");
    (0..count)
        .map(|i| {
            let mut p = template.clone();
            p.imp_uid = mix::payment_id(i);
            p.merchant_uid = format!("order-load-{i:07}");
            p.amount = Amount::from_i64(cancels * CANCEL_UNIT);
            p.receipt_url = Some(format!("https://receipt.fake.invalid/pay/{}", p.imp_uid));
            p
        })
        .collect()
}

/// What a run measured, merged over the clients.
struct Summary {
    label: String,
    clients: usize,
    duration: Duration,
    /// Sorted nanoseconds per call kind.
    by_call: [Vec<u64>; 3],
    refused: u64,
    errors: u64,
    first_error: Option<String>,
    server_cpu_us: Option<u64>,
    client_cpu_us: Option<u64>,
    deadline_hit: bool,
}

impl Summary {
    fn requests(&self) -> usize {
        self.by_call.iter().map(Vec::len).sum()
    }

    fn all_sorted(&self) -> Vec<u64> {
        let mut all: Vec<u64> = self.by_call.concat();
        all.sort_unstable();
        all
    }

    fn per_request(&self, cpu_us: Option<u64>) -> Option<f64> {
        let n = self.requests();
        cpu_us.filter(|_| n > 0).map(|c| c as f64 / n as f64)
    }

    fn print(&self) {
        let secs = self.duration.as_secs_f64();
        let all = self.all_sorted();
        println!(
            "load: {}: {} clients, {:.1} s measured",
            self.label, self.clients, secs
        );
        let line = |name: &str, v: &[u64]| {
            println!(
                "  {name:<11} {:>9.0} req/s   p50 {:>8.0} µs   p99 {:>8.0} µs   ({} requests)",
                v.len() as f64 / secs,
                stats::quantile_us(v, 0.5),
                stats::quantile_us(v, 0.99),
                v.len()
            )
        };
        line("all", &all);
        for call in Call::ALL {
            line(call.name(), &self.by_call[call.index()]);
        }
        let cpu = |v: Option<f64>| v.map_or("-".to_string(), |c| format!("{c:.1} µs/req"));
        println!(
            "  refused {}, errors {}{}; server CPU {}, load generator CPU {}",
            self.refused,
            self.errors,
            self.first_error
                .as_deref()
                .map(|e| format!(" (first: {e})"))
                .unwrap_or_default(),
            cpu(self.per_request(self.server_cpu_us)),
            cpu(self.per_request(self.client_cpu_us)),
        );
        let by_call: serde_json::Map<String, serde_json::Value> = Call::ALL
            .iter()
            .map(|c| {
                let v = &self.by_call[c.index()];
                (
                    c.name().to_string(),
                    serde_json::json!({
                        "requests": v.len(),
                        "p50_us": stats::quantile_us(v, 0.5),
                        "p99_us": stats::quantile_us(v, 0.99),
                    }),
                )
            })
            .collect();
        let result = serde_json::json!({
            "label": self.label,
            "clients": self.clients,
            "seconds": secs,
            "requests": all.len(),
            "rps": all.len() as f64 / secs,
            "p50_us": stats::quantile_us(&all, 0.5),
            "p99_us": stats::quantile_us(&all, 0.99),
            "by_call": by_call,
            "refused": self.refused,
            "errors": self.errors,
            "deadline_hit": self.deadline_hit,
            "server_cpu_us_per_req": self.per_request(self.server_cpu_us),
            "client_cpu_us_per_req": self.per_request(self.client_cpu_us),
            "loadavg_1m": stats::load_average(),
        });
        // One line for scripts (load_vs_prism.sh).
        println!("RESULT {result}");
    }
}

/// Runs the clients against `target` on their own runtime and merges what
/// they saw. Bounded: clients stop starting requests at the end of the
/// window, and whatever has not finished `GRACE` later is abandoned.
fn run(o: &Options, target: Target, payments: usize) -> Summary {
    let runtime = if o.threads == 1 {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
    } else {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(o.threads)
            .enable_all()
            .build()
    }
    .expect("a tokio runtime");
    let start = Instant::now();
    let window = Window {
        measure_from: start + o.warmup,
        until: start + o.warmup + o.duration,
    };
    // CPU time over the measured window, sampled by a plain thread so that
    // a busy client runtime cannot delay the samples.
    let server_pid = o.server_pid;
    let sampler = std::thread::spawn(move || {
        let sample = || {
            (
                server_pid.and_then(stats::cpu_time_us),
                stats::cpu_time_us(std::process::id()),
            )
        };
        std::thread::sleep(
            window
                .measure_from
                .saturating_duration_since(Instant::now()),
        );
        let before = sample();
        std::thread::sleep(window.until.saturating_duration_since(Instant::now()));
        let after = sample();
        let delta = |a: Option<u64>, b: Option<u64>| Some(b?.saturating_sub(a?));
        (delta(before.0, after.0), delta(before.1, after.1))
    });
    let clients = o.clients;
    let (reports, deadline_hit) = runtime.block_on(async move {
        let mut set = tokio::task::JoinSet::new();
        for c in 0..clients {
            let ids = mix::payment_ids(c, clients, payments);
            set.spawn(mix::run_client(target.clone(), ids, window));
        }
        let mut reports = Vec::new();
        let deadline = tokio::time::Instant::from_std(window.until + GRACE);
        loop {
            match tokio::time::timeout_at(deadline, set.join_next()).await {
                Ok(Some(Ok(r))) => reports.push(r),
                Ok(Some(Err(e))) => panic!("a client panicked: {e}"),
                Ok(None) => break (reports, false),
                Err(_) => {
                    set.abort_all();
                    break (reports, true);
                }
            }
        }
    });
    runtime.shutdown_timeout(Duration::from_secs(1));
    let (server_cpu_us, client_cpu_us) = sampler.join().expect("the CPU sampler");
    merge(o, reports, deadline_hit, server_cpu_us, client_cpu_us)
}

fn merge(
    o: &Options,
    reports: Vec<ClientReport>,
    deadline_hit: bool,
    server_cpu_us: Option<u64>,
    client_cpu_us: Option<u64>,
) -> Summary {
    let mut s = Summary {
        label: o.label.clone(),
        clients: o.clients,
        duration: o.duration,
        by_call: Default::default(),
        refused: 0,
        errors: 0,
        first_error: None,
        server_cpu_us,
        client_cpu_us,
        deadline_hit,
    };
    for r in reports {
        for (all, mine) in s.by_call.iter_mut().zip(r.latencies) {
            all.extend(mine);
        }
        s.refused += r.refused;
        s.errors += r.errors;
        if s.first_error.is_none() {
            s.first_error = r.first_error;
        }
    }
    for v in &mut s.by_call {
        v.sort_unstable();
    }
    s
}

/// Starts a fake in this process, on its own two-thread runtime (like the
/// binary), with `payments` load payments.
fn in_process_fake(payments: usize, cancels: i64) -> (tokio::runtime::Runtime, FakeServer) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let fake = runtime
        .block_on(FakeServer::start(
            FakeConfig::default().seeds(load_payments(payments, cancels)),
        ))
        .expect("the fake starts");
    (runtime, fake)
}

/// Payments enough for `clients` clients for `seconds`, at a generous guess
/// of the fake's cancel rate on a small machine.
fn payments_for(clients: usize, seconds: u64, cancels_per_payment: i64) -> usize {
    const CANCELS_PER_SECOND_GUESS: u64 = 10_000;
    let cancels = CANCELS_PER_SECOND_GUESS * seconds.max(1);
    (cancels / cancels_per_payment as u64) as usize + clients
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let bench = args.iter().any(|a| a == "--bench");
    // Without `--bench` the arguments are a test runner's (filters,
    // `--nocapture`, ...), which this smoke run ignores.
    let mut o = match parse(if bench { &args } else { &[] }) {
        Ok(o) => o,
        Err(e) if e.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("load: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if !bench {
        // `cargo test --benches`: a short smoke run, bounded like any run.
        o.label = "smoke (in-process fake)".to_string();
        o.clients = 4;
        o.warmup = Duration::ZERO;
        o.duration = Duration::from_millis(300);
        o.payments = Some(256);
    }
    let total_secs = (o.warmup + o.duration).as_secs();
    let payments = o
        .payments
        .unwrap_or_else(|| payments_for(o.clients, total_secs, o.cancels_per_payment));
    if let Some(path) = &o.write_seed {
        let text = serde_json::to_string(&load_payments(payments, o.cancels_per_payment))
            .expect("payments serialize");
        if let Err(e) = std::fs::write(path, text) {
            eprintln!("load: cannot write {path}: {e}");
            return ExitCode::FAILURE;
        }
        println!("load: wrote {payments} payments to {path}");
        return ExitCode::SUCCESS;
    }
    let summary = match &o.url {
        Some(url) => {
            let addr = match loopback_addr(url) {
                Ok(a) => a,
                Err(e) => {
                    eprintln!("load: {e}");
                    return ExitCode::from(2);
                }
            };
            let target = Target {
                addr,
                imp_key: portone_v1_fake::DEFAULT_IMP_KEY.to_string(),
                imp_secret: portone_v1_fake::DEFAULT_IMP_SECRET.to_string(),
                cancels_per_payment: o.cancels_per_payment,
            };
            run(&o, target, payments)
        }
        None => {
            let (runtime, fake) = in_process_fake(payments, o.cancels_per_payment);
            let target = Target {
                addr: fake.addr(),
                imp_key: fake.imp_key().to_string(),
                imp_secret: fake.imp_secret().expose_secret().to_string(),
                cancels_per_payment: o.cancels_per_payment,
            };
            if o.label == "server" {
                o.label = "fake (in-process)".to_string();
            }
            let mut summary = run(&o, target, payments);
            // Server and clients share this process: its CPU time is not
            // the server's, nor the load generator's.
            summary.server_cpu_us = None;
            summary.client_cpu_us = None;
            drop(fake);
            runtime.shutdown_timeout(Duration::from_secs(1));
            summary
        }
    };
    summary.print();
    let failed = summary.errors > 0 || summary.deadline_hit || summary.requests() == 0;
    if failed {
        eprintln!("load: {}: requests failed or none completed", summary.label);
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
