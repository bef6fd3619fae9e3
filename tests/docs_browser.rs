//! Opens `docs/index.html` in a real headless browser (Debian's `chromium`)
//! from `file://` and checks the rendered DOM: every operation and every
//! field of `CancelPaymentRequest` and `Payment` is there, and the search box
//! filters (preset through `#q=` / `?q=`, which the page reads on load).
//! A phone-sized screenshot is kept at `target/docs-screenshot.png`.
//!
//! Without chromium the tests are skipped locally but fail under `CI=true`
//! (`.ci/run` installs it). Every chromium run has a fresh profile, no
//! network features, and a hard timeout after which its whole process group
//! is killed, so a hung browser cannot hang the test.
//!
//! Chromium probes the network at start even with every network feature off
//! (measured with `strace -e connect`: a DNS server and a public resolver on
//! port 443, for a `file://` page). Tests here touch nothing but 127.0.0.1,
//! so each run is put in an empty network namespace (`unshare --net`, as root
//! or with `--map-root-user`): nothing it sends can leave the machine. Under
//! CI that isolation is required; locally it is used when available.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::Value;

const CHROMIUM: &str = "/usr/bin/chromium";
const TIMEOUT: Duration = Duration::from_secs(90);
/// One browser at a time: the machine has two cores.
static BROWSER: Mutex<()> = Mutex::new(());

fn root() -> PathBuf {
    xtask::workspace_root()
}

/// The chromium binary, or `None` (skip) outside CI.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(CHROMIUM));
    if path.exists() {
        return Some(path);
    }
    assert!(
        !in_ci(),
        "{} is missing, and under CI the browser test must run: install it with `apt-get update && apt-get install -y --no-install-recommends chromium` (see .ci/run)",
        path.display()
    );
    eprintln!(
        "skipping: {} is not installed (apt-get install chromium); CI=true makes this a failure",
        path.display()
    );
    None
}

fn page_url(query: &str) -> String {
    let page = root().join("docs/index.html");
    assert!(
        page.exists(),
        "{} is missing; run `cargo xtask generate`",
        page.display()
    );
    format!("file://{}{query}", page.display())
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// The `unshare` arguments that give a child an empty network namespace on
/// this machine, or `None` when neither form works (not root, no user
/// namespaces, no util-linux).
fn network_isolation() -> Option<&'static [&'static str]> {
    static FORMS: [&[&str]; 2] = [&["--net"], &["--net", "--map-root-user"]];
    static FOUND: std::sync::OnceLock<Option<&'static [&'static str]>> = std::sync::OnceLock::new();
    *FOUND.get_or_init(|| {
        FORMS.iter().copied().find(|form| {
            Command::new("unshare")
                .args(*form)
                .arg("true")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        })
    })
}

/// Sends SIGKILL to the process group `pgid` (chromium and its helpers).
///
/// Through the syscall, never the `kill` command: Debian 12's procps-ng
/// 4.0.2 `kill -KILL -13473` calls `kill(-1, SIGKILL)` (it keeps only the
/// first digit of a negative pid; `strace /usr/bin/kill -0 -99999` shows
/// `kill(-9, 0)`), and `kill(-1)` as root ends every process on the
/// machine. That is what ended an earlier CI run (exit -1) whenever the
/// group id began with a 1. Ids 0 and 1 are refused here for the same reason.
fn kill_process_group(pgid: u32) {
    let pgid = libc::pid_t::try_from(pgid).expect("a pid fits in pid_t");
    assert!(
        pgid > 1,
        "refusing to signal process group {pgid}: 0 is our own group and 1 would be every process"
    );
    // SAFETY: kill(2) takes plain integers and touches no memory of ours.
    let _ = unsafe { libc::kill(-pgid, libc::SIGKILL) };
}

/// Runs chromium headless with `args` and the URL; returns its stdout.
fn run_chromium(bin: &Path, args: &[String], url: &str) -> String {
    let _one = BROWSER.lock().unwrap_or_else(|p| p.into_inner());
    let profile = tempfile::tempdir().expect("a temp dir for the profile");
    let out_path = profile.path().join("stdout.html");
    let err_path = profile.path().join("stderr.txt");
    let mut cmd = match network_isolation() {
        Some(form) => {
            let mut cmd = Command::new("unshare");
            cmd.args(form).arg("--").arg(bin);
            cmd
        }
        None => {
            assert!(
                !in_ci(),
                "cannot give chromium an empty network namespace (`unshare --net true` failed); \
                 under CI the browser must not reach the network: run as root or enable user namespaces"
            );
            eprintln!("warning: running chromium without network isolation (unshare --net failed)");
            Command::new(bin)
        }
    };
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--disable-extensions",
        "--disable-default-apps",
        "--mute-audio",
    ])
    .arg(format!(
        "--user-data-dir={}",
        profile.path().join("profile").display()
    ))
    .args(args)
    .arg(url)
    .stdin(Stdio::null())
    // Files, not pipes: a leftover helper holding a pipe open cannot block us.
    .stdout(std::fs::File::create(&out_path).unwrap())
    .stderr(std::fs::File::create(&err_path).unwrap());
    // Its own process group, so the timeout can kill the helpers too.
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
    let pgid = child.id();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for chromium") {
            break Some(status);
        }
        if started.elapsed() > TIMEOUT {
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    // Whatever happened, leave no chromium process of ours behind.
    kill_process_group(pgid);
    let _ = child.wait();
    let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
    let status = status.unwrap_or_else(|| {
        panic!("chromium did not finish within {TIMEOUT:?} on {url}; killed. stderr:\n{stderr}")
    });
    assert!(
        status.success(),
        "chromium failed ({status}) on {url}; stderr:\n{stderr}"
    );
    std::fs::read_to_string(&out_path).unwrap_or_default()
}

fn dump_dom(bin: &Path, query: &str) -> String {
    let dom = run_chromium(bin, &["--dump-dom".to_string()], &page_url(query));
    assert!(
        dom.contains("</html>"),
        "chromium printed no DOM for {query:?}: {:.300}",
        dom
    );
    dom
}

/// The opening tags of all elements whose opening tag contains `marker`,
/// each as (attributes, the element's outer HTML up to its end tag).
fn elements<'a>(dom: &'a str, tag: &str, marker: &str) -> Vec<(&'a str, &'a str)> {
    let open = format!("<{tag} ");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut rest = dom;
    let mut offset = 0;
    while let Some(i) = rest.find(&open) {
        let start = offset + i;
        let tag_end = start + dom[start..].find('>').expect("a closed tag");
        let attrs = &dom[start..tag_end];
        let end = dom[start..]
            .find(&close)
            .map(|j| start + j + close.len())
            .unwrap_or(dom.len());
        if attrs.contains(marker) {
            out.push((attrs, &dom[start..end]));
        }
        offset = tag_end;
        rest = &dom[tag_end..];
    }
    out
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let i = tag.find(&key)? + key.len();
    Some(&tag[i..i + tag[i..].find('"')?])
}

fn is_hidden(tag: &str) -> bool {
    tag.contains(" hidden=\"\"") || tag.contains(" hidden>") || tag.ends_with(" hidden")
}

/// The section with this id: (opening tag, outer HTML).
fn section<'a>(dom: &'a str, id: &str) -> (&'a str, &'a str) {
    elements(dom, "section", &format!("id=\"{id}\""))
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no <section id=\"{id}\"> in the rendered page"))
}

/// Field names the rendered section shows as rows.
fn rendered_fields(section_html: &str) -> BTreeSet<String> {
    elements(section_html, "tr", "class=\"field\"")
        .into_iter()
        .filter_map(|(t, _)| attr(t, "data-field").map(String::from))
        .collect()
}

fn spec() -> xtask::spec::LoadedSpec {
    xtask::spec::load(&root().join(xtask::SPEC_PATH)).expect("the spec loads")
}

fn properties(spec: &xtask::spec::LoadedSpec, schema: &str) -> BTreeSet<String> {
    spec.json
        .pointer(&format!("/components/schemas/{schema}/properties"))
        .and_then(Value::as_object)
        .unwrap_or_else(|| panic!("spec has no properties for {schema}"))
        .keys()
        .cloned()
        .collect()
}

#[test]
fn page_shows_every_operation_and_field() {
    let Some(bin) = chromium() else { return };
    let dom = dump_dom(&bin, "");
    let spec = spec();
    let doc = xtask::docs::content::read(&spec.model());
    // Counted from the document itself, not restated: every operationId.
    let in_spec = spec.json["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|item| item.as_object().unwrap().values())
        .filter(|op| op.get("operationId").is_some())
        .count();
    assert_eq!(
        doc.operations.len(),
        in_spec,
        "every operation of the spec is read"
    );
    assert!(in_spec >= 3, "the spec has its operations");
    for op in &doc.operations {
        let id = xtask::docs::text::anchor("op-", &op.id);
        let (tag, html) = section(&dom, &id);
        assert!(!is_hidden(tag), "{id} is hidden without a search");
        assert!(
            html.contains(&format!(">{}</span> <code>{}</code>", op.method, op.path)),
            "{id} does not show {} {}",
            op.method,
            op.path
        );
        let toc = format!("<li data-target=\"{id}\">");
        assert!(dom.contains(&toc), "the contents list lacks {id}");
    }
    for schema in ["CancelPaymentRequest", "Payment"] {
        let expected = properties(&spec, schema);
        let id = xtask::docs::text::anchor("schema-", schema);
        let (_, html) = section(&dom, &id);
        assert_eq!(
            rendered_fields(html),
            expected,
            "the rendered {schema} section must list exactly the spec's fields"
        );
    }
    // The refund call's request table shows every body field (plus nested
    // `extra.requester`).
    let (_, cancel) = section(&dom, "op-cancelpayment");
    let shown = rendered_fields(cancel);
    for field in properties(&spec, "CancelPaymentRequest") {
        assert!(
            shown.contains(&field),
            "cancelPayment lacks request field {field}"
        );
    }
    assert!(
        shown.contains("extra.requester"),
        "nested field missing: {shown:?}"
    );
    // The script ran: it filled the status line.
    assert!(
        dom.contains("fields in ") && dom.contains(" operations and schemas</p>"),
        "the search script did not run (no status text)"
    );
    assert!(
        !dom.contains("src=\"http") && !dom.contains("href=\"http"),
        "the page must not load anything from the network"
    );
}

#[test]
fn search_from_the_url_filters_fields_and_sections() {
    let Some(bin) = chromium() else { return };
    for (query, term) in [("#q=amount", "amount"), ("?q=REFUND_", "refund_")] {
        let dom = dump_dom(&bin, query);
        let rows = elements(&dom, "tr", "class=\"field\"");
        assert!(
            rows.len() > 50,
            "too few field rows rendered: {}",
            rows.len()
        );
        let mut visible = BTreeSet::new();
        let mut visible_rows = 0;
        for (tag, _) in &rows {
            let name = attr(tag, "data-field").unwrap();
            let matches = name.to_lowercase().contains(term);
            assert_eq!(
                !is_hidden(tag),
                matches,
                "{query}: row `{name}` should be {}",
                if matches { "shown" } else { "hidden" }
            );
            if matches {
                visible.insert(name.to_string());
                visible_rows += 1;
            }
        }
        assert!(!visible.is_empty(), "{query}: nothing matched");
        // Sections without a matching field disappear, with their link.
        let (token, _) = section(&dom, "op-gettoken");
        assert!(
            is_hidden(token),
            "{query}: getToken has no such field but is shown"
        );
        assert!(
            is_hidden(elements(&dom, "li", "data-target=\"op-gettoken\"")[0].0),
            "{query}: the contents link to getToken stays visible"
        );
        let (cancel, _) = section(&dom, "op-cancelpayment");
        assert!(
            !is_hidden(cancel),
            "{query}: cancelPayment matches but is hidden"
        );
        let status = format!("{visible_rows} of {} fields", rows.len());
        assert!(
            dom.contains(&status) && dom.contains(&format!("match \u{201c}{term}\u{201d}")),
            "{query}: status line should say {status}… match “{term}”"
        );
    }
}

/// Typing into the search box (not the URL preset): a copy of the page with
/// one script appended after the page's own, which types into `#q` and
/// fires the `input` event the page listens to, as a keystroke would.
#[test]
fn typing_into_the_search_box_filters() {
    let Some(bin) = chromium() else { return };
    let page = std::fs::read_to_string(root().join("docs/index.html")).unwrap();
    let typing = "<script>(function () { var q = document.getElementById(\"q\"); \
                  q.value = \"Cancel_A\"; q.dispatchEvent(new Event(\"input\")); })();</script>\n</body>";
    assert_eq!(page.matches("</body>").count(), 1);
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("index.html");
    std::fs::write(&copy, page.replace("</body>", typing)).unwrap();
    let dom = run_chromium(
        &bin,
        &["--dump-dom".to_string()],
        &format!("file://{}", copy.display()),
    );
    let rows = elements(&dom, "tr", "class=\"field\"");
    let visible: Vec<&str> = rows
        .iter()
        .filter(|(tag, _)| !is_hidden(tag))
        .map(|(tag, _)| attr(tag, "data-field").unwrap())
        .collect();
    assert!(!visible.is_empty(), "nothing matched the typed term");
    assert!(
        visible
            .iter()
            .all(|f| f.to_lowercase().contains("cancel_a")),
        "rows not matching the typed term are shown: {visible:?}"
    );
    assert!(visible.contains(&"cancel_amount"), "{visible:?}");
    let hidden = rows.iter().filter(|(tag, _)| is_hidden(tag)).count();
    assert!(hidden > 50, "the other rows are hidden ({hidden})");
    assert!(
        dom.contains(&format!("{} of {} fields match", visible.len(), rows.len())),
        "the status line counts the typed search"
    );
}

#[test]
fn phone_screenshot_is_kept_as_an_artifact() {
    let Some(bin) = chromium() else { return };
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"));
    std::fs::create_dir_all(&target).unwrap();
    let shot = target.join("docs-screenshot.png");
    let _ = std::fs::remove_file(&shot);
    run_chromium(
        &bin,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=412,915".to_string(),
            "--hide-scrollbars".to_string(),
        ],
        &page_url("#q=amount"),
    );
    let png =
        std::fs::read(&shot).unwrap_or_else(|e| panic!("no screenshot at {}: {e}", shot.display()));
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!((width, height), (412, 915), "phone-sized viewport");
    assert!(
        png.len() > 20_000,
        "the screenshot looks blank ({} bytes)",
        png.len()
    );
    eprintln!("screenshot: {}", shot.display());
}

/// The refund bank tables render after the schemas, visible without a
/// search and hidden while one runs (they hold no fields to match).
#[test]
fn refund_bank_tables_show_and_hide_while_searching() {
    let Some(bin) = chromium() else { return };
    let dom = dump_dom(&bin, "");
    let (tag, html) = section(&dom, "refund-bank-codes");
    assert!(!is_hidden(tag), "shown without a search");
    for (anchor, code) in [
        ("refund-banks-kcp", "BK88"),
        ("refund-banks-inicis", "88"),
        ("refund-banks-kiwoom", "10"),
        ("refund-banks-standard", "088"),
    ] {
        let at = html
            .find(&format!("<h3 id=\"{anchor}\">"))
            .unwrap_or_else(|| panic!("no table {anchor}"));
        assert!(
            html[at..].contains(&format!(
                "<td><code>{code}</code></td><td>Shinhan Bank</td>"
            )),
            "{anchor} lacks Shinhan's {code}"
        );
    }
    let dom = dump_dom(&bin, "#q=amount");
    let (tag, _) = section(&dom, "refund-bank-codes");
    assert!(is_hidden(tag), "hidden while searching: {tag}");
}
