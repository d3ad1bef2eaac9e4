//! One scan over the whole hostile world of issue 10 (tests/world/mod.rs), through the
//! binary with proxy variables set: it ends on its own, every unit is in results.json once with
//! an outcome and files of its own, nothing non-public was reached, the damaged history was
//! moved aside, and the ordinary units were read as if the others were not there. How long it
//! takes and how much memory is `cargo bench --bench hostile`.

mod support;
mod world;

use oitscan::crawl::Outcome;
use oitscan::results::RunResults;
use std::collections::HashSet;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_world_cannot_stop_blind_or_trick_a_scan() {
    let dir = tempfile::tempdir().unwrap();
    let world = world::build(dir.path()).await;
    let out = dir.path().join("run");
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_oitscan"));
    cmd.args(world.scan_args(&out))
        .envs(world::World::hostile_env())
        .env_remove("NO_COLOR")
        .kill_on_drop(true);
    let done = cmd.output().await.unwrap();
    let err = String::from_utf8_lossy(&done.stderr);
    // A dead site is a unit that could not be checked: the run is incomplete (exit 3).
    assert_eq!(done.status.code(), Some(3), "{err}");

    // The damaged history was set aside, and a fresh one holds this run.
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("history.sqlite.") && n != "history.sqlite")
        .collect();
    assert!(!aside.is_empty(), "damaged history kept aside: {err}");

    let run: RunResults =
        serde_json::from_slice(&std::fs::read(out.join("results.json")).unwrap()).unwrap();
    let got: Vec<&str> = run.units.iter().map(|u| u.unit.id.as_str()).collect();
    let want: Vec<&str> = world.units.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(got.len(), want.len(), "every unit once: {got:?}");
    assert_eq!(
        got.iter().collect::<HashSet<_>>(),
        want.iter().collect::<HashSet<_>>(),
        "the registry's units, each once"
    );

    let unit = |id: &str| run.units.iter().find(|u| u.unit.id == id).unwrap();
    let partial_or_failed = |id: &str| match &unit(id).outcome {
        Outcome::Complete => String::new(),
        Outcome::Partial { reason } | Outcome::Failed { reason } => reason.clone(),
    };
    // Nothing hostile made a unit run out of time: each ended by itself.
    for (id, what) in &world.units {
        let why = partial_or_failed(id);
        assert!(
            !why.contains("deadline") && !why.contains("time budget"),
            "{id} ({what}): {why}"
        );
    }
    assert!(
        partial_or_failed("dead").contains("2 tries"),
        "{}",
        partial_or_failed("dead")
    );
    // Sites that only hurt themselves were still read.
    for id in [
        "a b",
        "a_b",
        "x",
        "tis",
        "a:b",
        "az",
        "x.snapshot",
        "rless",
        "docx",
        "pdf",
        "deep",
        "redir",
        "mean",
        "late",
    ] {
        assert!(
            unit(id).pages >= 2,
            "{id}: {} page(s), {:?}",
            unit(id).pages,
            unit(id).outcome
        );
    }

    // Proxy variables were ignored and the address guard held: the internal host on
    // 127.0.0.2 never saw a request, and every disguised redirect was refused.
    assert!(
        world.secret.paths().is_empty(),
        "{:?}",
        world.secret.paths()
    );
    let redir = unit("redir").crawl_errors.join("\n");
    // A name that does not resolve here fails on its own; with the proxy it was fetched.
    assert!(redir.contains("/m1:"), "{redir}");
    for m in ["/m2", "/m3", "/m4", "/m5", "/m6"] {
        assert!(
            redir
                .lines()
                .any(|l| l.contains(m) && l.contains("non-public")),
            "{m} not refused:\n{redir}"
        );
    }

    // The windows-874 row reads as Thai beside the UTF-8 ones.
    assert_eq!(unit("tis").unit.name_th, "อบต.หนองตะเคียนงาม");
    assert_eq!(unit("a b").unit.name_th, "อบต.เอบี");

    // Each unit has files of its own: as many result and report files as units.
    let names: Vec<String> = std::fs::read_dir(out.join("units"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    for ext in [".html", ".snapshot.json.zst"] {
        assert_eq!(
            names.iter().filter(|n| n.ends_with(ext)).count(),
            want.len(),
            "{ext}: {names:?}"
        );
    }
    assert!(!names.iter().any(|n| n.ends_with(".tmp~")), "{names:?}");

    // The documents that tried to take the memory are recorded as unreadable, with why.
    let snapshots: Vec<serde_json::Value> = names
        .iter()
        .filter(|n| n.ends_with(".snapshot.json.zst"))
        .map(|n| {
            serde_json::to_value(oitscan::crawl::read_snapshot(&out.join("units").join(n)).unwrap())
                .unwrap()
        })
        .collect();
    let docs = |id: &str| -> String {
        let snap = snapshots
            .iter()
            .find(|s| s["unit_id"] == id)
            .unwrap_or_else(|| panic!("no snapshot for {id}"));
        snap["documents"].to_string()
    };
    assert!(docs("a:b").contains("cells read"), "{}", docs("a:b"));
    assert!(docs("az").contains("cells read"), "{}", docs("az"));
    assert!(
        docs("x.snapshot").contains("zip bomb"),
        "{}",
        docs("x.snapshot")
    );
    assert!(docs("docx").contains("zip bomb"), "{}", docs("docx"));
    assert!(docs("rless").contains("cells read"), "{}", docs("rless"));
    assert!(docs("pdf").contains("unreadable PDF"), "{}", docs("pdf"));

    // And a resumed run has nothing left to do.
    let mut again = tokio::process::Command::new(env!("CARGO_BIN_EXE_oitscan"));
    again
        .args(world.scan_args(&out).iter().filter(|a| *a != "--quiet"))
        .arg("--resume")
        .envs(world::World::hostile_env())
        .kill_on_drop(true);
    let done = again.output().await.unwrap();
    let err = String::from_utf8_lossy(&done.stderr);
    assert_eq!(done.status.code(), Some(3), "{err}");
    assert!(
        err.contains(&format!("{n} of {n} unit(s) already done", n = want.len())),
        "{err}"
    );
}

/// Ctrl-C in the middle of the hostile world: the run stops at once (nothing it waits on can
/// hold it), keeps what is done, and still lists every unit once, with why it is incomplete.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_ends_a_hostile_run_and_keeps_every_unit() {
    let dir = tempfile::tempdir().unwrap();
    let world = world::build(dir.path()).await;
    let out = dir.path().join("run");
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_oitscan"))
        .args(world.scan_args(&out))
        .args(["--concurrency", "2", "--no-history"])
        .envs(world::World::hostile_env())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    // Interrupt once the dripping page (5 s a try) is being read.
    let mean = &world.sites.iter().find(|(id, _)| id == "mean").unwrap().1;
    let t0 = std::time::Instant::now();
    while !mean.paths().iter().any(|p| p == "/drip.html") {
        assert!(t0.elapsed().as_secs() < 300, "the drip was never asked for");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let pid = child.id().unwrap() as libc::pid_t;
    // SAFETY: signals our own child.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    // Ends on its own; the bound only keeps a regression from hanging the suite.
    let status = tokio::time::timeout(std::time::Duration::from_secs(120), child.wait())
        .await
        .expect("the interrupted run did not end")
        .unwrap();
    assert_eq!(status.code(), Some(3));
    let run: RunResults =
        serde_json::from_slice(&std::fs::read(out.join("results.json")).unwrap()).unwrap();
    assert_eq!(run.units.len(), world.units.len());
    assert!(
        run.stopped.as_deref().unwrap_or("").contains("interrupted"),
        "{:?}",
        run.stopped
    );
    let mean = run.units.iter().find(|u| u.unit.id == "mean").unwrap();
    assert!(
        matches!(&mean.outcome, Outcome::Partial { reason } if reason.contains("interrupted")),
        "{:?}",
        mean.outcome
    );
}
