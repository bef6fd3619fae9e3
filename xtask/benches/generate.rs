//! Generation, phase by phase (spec parse, progenitor, syn, prettyplease,
//! docs) and the whole `cargo xtask check` path, all in memory except the
//! spec read and the comparison with the committed files.
//!
//! Run: `cargo bench -p xtask --bench generate`. See BENCHMARKS.md.

use std::hint::black_box;
use std::path::Path;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use xtask::{SPEC_PATH, files, generate, lint, spec};

fn phases(c: &mut Criterion) {
    let root = xtask::workspace_root();
    let spec_file = root.join(SPEC_PATH);
    let text = std::fs::read_to_string(&spec_file).expect("the spec is readable");
    let loaded = spec::parse(&spec_file, &text).expect("the spec loads");
    let settings = generate::settings(&loaded);
    let tokens = progenitor::Generator::new(&settings)
        .generate_tokens(&loaded.openapi)
        .expect("progenitor accepts the spec");
    let file: syn::File = syn::parse2(tokens.clone()).expect("progenitor output parses");

    let mut group = c.benchmark_group("generate_phases");
    group.sample_size(20);
    group.bench_function("1_yaml_to_value", |b| {
        b.iter(|| serde_yaml::from_str::<serde_json::Value>(black_box(&text)).unwrap())
    });
    group.bench_function("2_parse_and_check_spec", |b| {
        b.iter(|| spec::parse(Path::new(SPEC_PATH), black_box(&text)).unwrap())
    });
    group.bench_function("3_progenitor_tokens", |b| {
        b.iter(|| {
            progenitor::Generator::new(&settings)
                .generate_tokens(black_box(&loaded.openapi))
                .unwrap()
        })
    });
    group.bench_function("4_syn_parse", |b| {
        b.iter_batched(
            || tokens.clone(),
            |t| syn::parse2::<syn::File>(t).unwrap(),
            BatchSize::SmallInput,
        )
    });
    group.bench_function("5_prettyplease", |b| {
        b.iter(|| prettyplease::unparse(black_box(&file)))
    });
    group.bench_function("6_docs", |b| {
        b.iter(|| xtask::docs::generate(black_box(&loaded.model())).unwrap())
    });
    group.bench_function("7_lint", |b| {
        b.iter(|| lint::lint(black_box(&loaded.model())))
    });
    group.finish();

    let mut group = c.benchmark_group("generate_whole");
    group.sample_size(20);
    group.bench_function("generate_client", |b| {
        b.iter(|| generate::generate_client(black_box(&loaded)).unwrap())
    });
    group.bench_function("generate_all", |b| {
        b.iter(|| generate::generate_all(black_box(&loaded)).unwrap())
    });
    // `cargo xtask check` without process start-up and lint printing: read
    // and check the spec, generate everything, compare with the disk.
    group.bench_function("check_path", |b| {
        b.iter(|| {
            let loaded = spec::load(&spec_file).unwrap();
            let generated = generate::generate_all(&loaded).unwrap();
            files::check_all(&root, &generated)
        })
    });
    group.finish();
}

criterion_group!(benches, phases);
criterion_main!(benches);
