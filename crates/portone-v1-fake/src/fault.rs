//! Fault injection: what the fake does wrong on purpose, so that users can
//! test their retries, timeouts and double-refund guards.
//!
//! Syntax (the `X-Fake-Fault` request header, the `--fault` flag and
//! [`Fault::from_str`] all take the same text): items separated by `,` or `;`.
//!
//! | item | effect |
//! | --- | --- |
//! | `latency=200ms`, `latency=2s`, `latency=150` | wait that long (bare number: ms) before answering |
//! | `status=500` | HTTP 500 with an error envelope; the request is not processed |
//! | `status=502` | HTTP 502 with an HTML page, as a reverse proxy sends; not processed |
//! | `status=503` | HTTP 503 with an HTML page; not processed |
//! | `drop` (= `drop=before`) | close the connection without answering; not processed |
//! | `drop=after` | process the request (a cancel takes effect), then close without answering |
//! | `truncate` | process the request, send the headers and half of the body, then close |
//! | `none` | no fault (in a header: overrides a global fault for this request) |
//!
//! `latency` combines with one of the others: `latency=300ms,status=503`.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// Name of the request header that injects a fault into that one request.
pub const FAULT_HEADER: &str = "x-fake-fault";

/// The longest latency accepted, so that a typo cannot hang a test suite.
pub const MAX_LATENCY: Duration = Duration::from_secs(120);

/// What goes wrong with one response. `Fault::default()` is no fault.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fault {
    /// Added before anything else happens.
    pub latency: Option<Duration>,
    /// What happens instead of (or after) a normal answer.
    pub outcome: Option<FaultOutcome>,
}

/// The part of a [`Fault`] that replaces or breaks the answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultOutcome {
    /// Answer with this HTTP status (500, 502 or 503) without processing.
    Status(u16),
    /// Close the connection before processing: nothing changes on the fake.
    DropBefore,
    /// Process the request, then close the connection without answering:
    /// a cancel takes effect but the caller never learns it.
    DropAfter,
    /// Process the request, then send the headers (with the full
    /// `Content-Length`) and only the first half of the body.
    Truncate,
}

impl Fault {
    /// No fault at all.
    pub fn none() -> Self {
        Fault::default()
    }

    /// Only added latency.
    pub fn latency(delay: Duration) -> Self {
        Fault {
            latency: Some(delay),
            outcome: None,
        }
    }

    /// Only an outcome.
    pub fn outcome(outcome: FaultOutcome) -> Self {
        Fault {
            latency: None,
            outcome: Some(outcome),
        }
    }

    /// True when this fault changes nothing.
    pub fn is_none(&self) -> bool {
        self.latency.is_none() && self.outcome.is_none()
    }
}

/// Why a fault specification could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseFaultError {
    spec: String,
    reason: String,
}

impl fmt::Display for ParseFaultError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "fault `{}`: {}; expected items such as `latency=200ms`, `status=500|502|503`, \
             `drop`, `drop=after`, `truncate` or `none`, separated by `,`",
            self.spec, self.reason
        )
    }
}

impl std::error::Error for ParseFaultError {}

impl FromStr for Fault {
    type Err = ParseFaultError;

    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        let err = |reason: String| ParseFaultError {
            spec: spec.to_string(),
            reason,
        };
        let mut fault = Fault::default();
        let set_outcome = |fault: &mut Fault, o: FaultOutcome| {
            if fault.outcome.is_some() {
                return Err(err(
                    "only one of `status`, `drop` and `truncate` may be given".to_string(),
                ));
            }
            fault.outcome = Some(o);
            Ok(())
        };
        for item in spec
            .split([',', ';'])
            .map(str::trim)
            .filter(|i| !i.is_empty())
        {
            let (name, value) = match item.split_once('=') {
                Some((n, v)) => (n.trim().to_ascii_lowercase(), Some(v.trim())),
                None => (item.to_ascii_lowercase(), None),
            };
            match (name.as_str(), value) {
                ("none", None) => {}
                ("latency", Some(v)) => {
                    if fault.latency.is_some() {
                        return Err(err("`latency` is given twice".to_string()));
                    }
                    fault.latency = Some(parse_duration(v).map_err(err)?);
                }
                ("status", Some(v)) => {
                    let status = match v {
                        "500" => 500,
                        "502" => 502,
                        "503" => 503,
                        other => {
                            return Err(err(format!(
                                "status `{other}` is not one of 500, 502, 503"
                            )));
                        }
                    };
                    set_outcome(&mut fault, FaultOutcome::Status(status))?;
                }
                ("drop", None) | ("drop", Some("before")) => {
                    set_outcome(&mut fault, FaultOutcome::DropBefore)?
                }
                ("drop", Some("after")) => set_outcome(&mut fault, FaultOutcome::DropAfter)?,
                ("truncate", None) => set_outcome(&mut fault, FaultOutcome::Truncate)?,
                _ => return Err(err(format!("unknown item `{item}`"))),
            }
        }
        Ok(fault)
    }
}

fn parse_duration(v: &str) -> Result<Duration, String> {
    let (digits, unit_ms) = if let Some(n) = v.strip_suffix("ms") {
        (n, 1)
    } else if let Some(n) = v.strip_suffix('s') {
        (n, 1000)
    } else {
        (v, 1)
    };
    let n: u64 = digits
        .trim()
        .parse()
        .map_err(|_| format!("latency `{v}` is not a whole number of ms or s"))?;
    let d = Duration::from_millis(n.saturating_mul(unit_ms));
    if d > MAX_LATENCY {
        return Err(format!(
            "latency `{v}` is over the limit of {}s",
            MAX_LATENCY.as_secs()
        ));
    }
    Ok(d)
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut items = Vec::new();
        if let Some(l) = self.latency {
            items.push(format!("latency={}ms", l.as_millis()));
        }
        match self.outcome {
            Some(FaultOutcome::Status(s)) => items.push(format!("status={s}")),
            Some(FaultOutcome::DropBefore) => items.push("drop".to_string()),
            Some(FaultOutcome::DropAfter) => items.push("drop=after".to_string()),
            Some(FaultOutcome::Truncate) => items.push("truncate".to_string()),
            None => {}
        }
        if items.is_empty() {
            f.write_str("none")
        } else {
            f.write_str(&items.join(","))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_item_and_round_trips() {
        for (spec, want) in [
            ("latency=200ms", Fault::latency(Duration::from_millis(200))),
            ("latency=2s", Fault::latency(Duration::from_secs(2))),
            ("latency=15", Fault::latency(Duration::from_millis(15))),
            ("status=502", Fault::outcome(FaultOutcome::Status(502))),
            ("drop", Fault::outcome(FaultOutcome::DropBefore)),
            ("drop=before", Fault::outcome(FaultOutcome::DropBefore)),
            ("drop=after", Fault::outcome(FaultOutcome::DropAfter)),
            ("TRUNCATE", Fault::outcome(FaultOutcome::Truncate)),
            ("none", Fault::none()),
            ("", Fault::none()),
        ] {
            let got: Fault = spec.parse().unwrap();
            assert_eq!(got, want, "{spec}");
            assert_eq!(got.to_string().parse::<Fault>().unwrap(), got);
        }
        let both: Fault = "latency=300ms; status=503".parse().unwrap();
        assert_eq!(both.latency, Some(Duration::from_millis(300)));
        assert_eq!(both.outcome, Some(FaultOutcome::Status(503)));
    }

    #[test]
    fn rejects_bad_specs_with_the_reason() {
        for (spec, needle) in [
            ("status=404", "not one of 500, 502, 503"),
            ("latency=fast", "not a whole number"),
            ("latency=999s", "over the limit"),
            ("drop,truncate", "only one of"),
            ("explode", "unknown item `explode`"),
            ("latency=1ms,latency=2ms", "twice"),
        ] {
            let e = spec.parse::<Fault>().unwrap_err().to_string();
            assert!(e.contains(needle), "{spec}: {e}");
            assert!(e.contains(spec), "{spec}: {e}");
        }
    }
}
