//! `portone-v1-fake`: runs the fake PortOne V1 server until Ctrl-C.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use portone_v1_fake::{FakeConfig, FakeServer, Fault, WebhookUrl, admin, seeds};

/// The usage text; PortOne's delivery numbers come from the spec's
/// `x-delivery` (generated into the client), not from this text.
fn usage() -> String {
    use portone_v1_fake::webhook::{DEFAULT_RETRY_INTERVAL, DEFAULT_TIMEOUT, WEBHOOK_RETRIES};
    USAGE
        .replace("{retries}", &WEBHOOK_RETRIES.to_string())
        .replace("{interval}", &DEFAULT_RETRY_INTERVAL.as_secs().to_string())
        .replace("{timeout}", &DEFAULT_TIMEOUT.as_secs().to_string())
}

const USAGE: &str = "\
usage: portone-v1-fake [--port N] [--seed FILE.json] [--imp-key K --imp-secret S] [--fault SPEC]
                       [--webhook-url URL [--webhook-format json|form] [--webhook-retries]
                        [--webhook-retry-interval D] [--webhook-timeout D]]

  --port N          listen on 127.0.0.1:N (default: any free port)
  --seed FILE.json  start with these payments (a JSON array of Payment objects)
                    instead of the built-in ones
  --imp-key K       the accepted REST API key    (default: fake-imp-key)
  --imp-secret S    the accepted REST API secret (default: fake-imp-secret)
  --fault SPEC      fault for every request, e.g. latency=200ms,status=503
                    (items: latency=N[ms|s], status=500|502|503, drop,
                    drop=after, truncate, none)
  --webhook-url URL POST webhooks to URL, as PortOne does: after a cancel
                    with enable_webhook, and after the console actions under
                    /__fake (see the README); http:// to 127.0.0.1, [::1] or
                    localhost only
  --webhook-format F  json (default) or form
  --webhook-retries   retry a delivery that failed (network error or 5xx),
                    up to {retries} more times (default: one attempt)
  --webhook-retry-interval D  wait between attempts, e.g. 200ms (default {interval}s)
  --webhook-timeout D         wait for each answer, e.g. 2s (default {timeout}s)
  -h, --help        this text";

#[derive(Debug)]
struct Args {
    config: FakeConfig,
    custom_secret: bool,
    seed_file: Option<PathBuf>,
}

/// Why the arguments cannot be used: a usage mistake (exit 2, with the
/// usage text) or a seed file the fake cannot serve (exit 1).
#[derive(Debug)]
enum ArgError {
    Usage(String),
    Seeds(String),
}

fn parse_args(args: impl Iterator<Item = String>) -> Result<Option<Args>, ArgError> {
    parse_flags(args)
        .map_err(ArgError::Usage)?
        .map(load_seeds)
        .transpose()
}

/// Reads the seed file named by `--seed`, if any.
fn load_seeds(mut args: Args) -> Result<Args, ArgError> {
    if let Some(path) = args.seed_file.take() {
        let payments = seeds::load_seed_file(&path).map_err(|e| ArgError::Seeds(e.to_string()))?;
        args.config.seeds = Some(payments);
    }
    Ok(args)
}

fn parse_flags(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut config = FakeConfig::default();
    let mut key = None;
    let mut secret = None;
    let mut seed_file = None;
    while let Some(flag) = args.next() {
        if flag == "-h" || flag == "--help" {
            return Ok(None);
        }
        let (name, inline) = match flag.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_string(), Some(v.to_string())),
            _ => (flag.clone(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match name.as_str() {
            "--port" => {
                let v = value()?;
                config.port = v
                    .parse()
                    .map_err(|_| format!("--port `{v}` is not a port number (0-65535)"))?;
            }
            "--seed" => seed_file = Some(PathBuf::from(value()?)),
            "--imp-key" => key = Some(value()?),
            "--imp-secret" => secret = Some(value()?),
            "--fault" => config.fault = value()?.parse::<Fault>().map_err(|e| e.to_string())?,
            "--webhook-url" => {
                // Checked here too, so that a wrong URL is a usage mistake.
                let url = value()?;
                WebhookUrl::parse(&url).map_err(|e| e.to_string())?;
                config.webhook_url = Some(url);
            }
            "--webhook-format" => config.webhook_format = value()?.parse()?,
            "--webhook-retries" if inline.is_none() => config.webhook_retries = true,
            "--webhook-retry-interval" => {
                config.webhook_retry_interval = duration(&name, &value()?)?;
            }
            "--webhook-timeout" => config.webhook_timeout = duration(&name, &value()?)?,
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let custom_secret = secret.is_some();
    match (key, secret) {
        (None, None) => {}
        (Some(k), Some(s)) => config = config.credentials(k, s),
        _ => return Err("--imp-key and --imp-secret go together".to_string()),
    }
    Ok(Some(Args {
        config,
        custom_secret,
        seed_file,
    }))
}

/// A duration flag's value: `200ms`, `2s` or a bare number of ms (the
/// syntax of a fault's latency).
fn duration(flag: &str, v: &str) -> Result<std::time::Duration, String> {
    format!("latency={v}")
        .parse::<Fault>()
        .ok()
        .and_then(|f| f.latency)
        .ok_or_else(|| format!("{flag} `{v}` is not a duration such as 200ms or 2s (at most 120s)"))
}

/// What the binary prints at start; the first line is the URL.
fn banner(fake: &FakeServer, config: &FakeConfig, custom_secret: bool) -> String {
    let fault = &config.fault;
    use std::fmt::Write as _;
    let mut b = String::new();
    let _ = writeln!(b, "portone-v1-fake listening on {}", fake.base_url());
    let _ = writeln!(b, "  imp_key:    {}", fake.imp_key());
    if custom_secret {
        let _ = writeln!(b, "  imp_secret: (as given on the command line)");
    } else {
        let _ = writeln!(b, "  imp_secret: {}", fake.imp_secret().expose_secret());
    }
    if !fault.is_none() {
        let _ = writeln!(b, "  fault:      {fault} (every request)");
    }
    if let Some(url) = &config.webhook_url {
        let retries = if config.webhook_retries {
            format!(
                "up to {} retries, {:?} apart",
                portone_v1_fake::webhook::WEBHOOK_RETRIES,
                config.webhook_retry_interval
            )
        } else {
            "one attempt".to_string()
        };
        let _ = writeln!(
            b,
            "  webhooks:   {} to {url} ({retries}); console actions: POST {}{}/payments/IMP_UID/cancel|deposit",
            config.webhook_format,
            fake.base_url(),
            admin::ADMIN_PREFIX,
        );
    }
    let _ = writeln!(b, "  payments:");
    for p in fake.payments() {
        let sandbox = if p.sandbox == Some(true) {
            ", sandbox"
        } else {
            ""
        };
        let _ = writeln!(
            b,
            "    {:<24} {:<9} {:<9} {} of {} {} cancellable{sandbox}",
            p.imp_uid,
            p.pay_method.as_ref().map(|m| m.as_str()).unwrap_or("-"),
            p.status,
            p.amount.checked_sub(p.cancel_amount).unwrap_or(p.amount),
            p.amount,
            p.currency,
        );
    }
    let _ = writeln!(
        b,
        "try: curl -s -X POST {}/users/getToken -H 'Content-Type: application/json' \
         -d '{{\"imp_key\":\"{}\",\"imp_secret\":\"…\"}}'",
        fake.base_url(),
        fake.imp_key()
    );
    let _ = writeln!(b, "Ctrl-C stops it.");
    b
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{}", usage());
            return ExitCode::SUCCESS;
        }
        Err(ArgError::Usage(e)) => {
            eprintln!("portone-v1-fake: {e}\n\n{}", usage());
            return ExitCode::from(2);
        }
        Err(ArgError::Seeds(e)) => {
            eprintln!("portone-v1-fake: {e}");
            return ExitCode::FAILURE;
        }
    };
    let config = args.config.clone();
    let fake = match FakeServer::start(args.config).await {
        Ok(fake) => fake,
        Err(e) => {
            eprintln!("portone-v1-fake: {e}");
            return ExitCode::FAILURE;
        }
    };
    // One write, errors ignored: whoever started us may read only the first
    // line (the URL) and close the pipe; that must not stop the server, as a
    // `println!` panicking on EPIPE would.
    let banner = banner(&fake, &config, args.custom_secret);
    {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(banner.as_bytes());
        let _ = out.flush();
    }
    if let Err(e) = tokio::signal::ctrl_c().await {
        eprintln!("portone-v1-fake: cannot wait for Ctrl-C ({e}); stopping");
    }
    fake.shutdown().await;
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Option<Args>, String> {
        parse_args(args.iter().map(|s| s.to_string())).map_err(|e| match e {
            ArgError::Usage(m) | ArgError::Seeds(m) => m,
        })
    }

    #[test]
    fn reads_every_flag() {
        let a = parse(&[
            "--port",
            "8099",
            "--imp-key=k",
            "--imp-secret",
            "s",
            "--fault",
            "drop",
        ])
        .unwrap()
        .unwrap();
        assert_eq!(a.config.port, 8099);
        assert_eq!(a.config.imp_key, "k");
        assert_eq!(a.config.imp_secret.expose_secret(), "s");
        assert!(a.custom_secret);
        assert_eq!(a.config.fault, "drop".parse().unwrap());
        assert!(a.config.webhook_url.is_none());
        assert!(parse(&["--help"]).unwrap().is_none());
        let w = parse(&[
            "--webhook-url",
            "http://127.0.0.1:9/hook",
            "--webhook-format=form",
            "--webhook-retries",
            "--webhook-retry-interval",
            "150ms",
            "--webhook-timeout=2s",
        ])
        .unwrap()
        .unwrap();
        assert_eq!(
            w.config.webhook_url.as_deref(),
            Some("http://127.0.0.1:9/hook")
        );
        assert_eq!(w.config.webhook_format, portone_v1::WebhookFormat::Form);
        assert!(w.config.webhook_retries);
        assert_eq!(
            w.config.webhook_retry_interval,
            std::time::Duration::from_millis(150)
        );
        assert_eq!(w.config.webhook_timeout, std::time::Duration::from_secs(2));
        // The help text names the real defaults.
        assert!(usage().contains(portone_v1_fake::DEFAULT_IMP_KEY));
        assert!(usage().contains(portone_v1_fake::DEFAULT_IMP_SECRET));
        // The delivery numbers are filled in from the spec's `x-delivery`.
        assert!(!usage().contains('{'), "{}", usage());
        assert!(usage().contains(&format!(
            "up to {} more times",
            portone_v1_fake::webhook::WEBHOOK_RETRIES
        )));
    }

    #[test]
    fn explains_bad_arguments() {
        for (args, needle) in [
            (&["--port", "x"][..], "not a port number"),
            (&["--port"][..], "--port needs a value"),
            (&["--imp-key", "k"][..], "go together"),
            (&["--fault", "status=418"][..], "not one of 500, 502, 503"),
            (
                &["--seed", "/nonexistent/seeds.json"][..],
                "cannot read the file",
            ),
            (&["--verbose"][..], "unknown argument `--verbose`"),
            (
                &["--webhook-url", "https://example.com/hook"][..],
                "this machine only",
            ),
            (
                &["--webhook-url", "http://192.168.0.10/hook"][..],
                "not this machine",
            ),
            (
                &["--webhook-format", "xml"][..],
                "neither `json` nor `form`",
            ),
            (&["--webhook-timeout", "soon"][..], "not a duration"),
            (
                &["--webhook-retries=yes"][..],
                "unknown argument `--webhook-retries`",
            ),
        ] {
            let e = parse(args).unwrap_err();
            assert!(e.contains(needle), "{args:?}: {e}");
        }
    }
}
