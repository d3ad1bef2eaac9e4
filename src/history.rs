//! Scan history in an embedded SQLite database: every run, each unit's outcome, every item
//! verdict with its evidence URLs, and the validators (ETag, Last-Modified) and content hashes
//! of fetched resources, so weekly scans can say what changed and re-scans can ask servers
//! "has this changed?" instead of downloading it again.
//!
//! The schema is versioned with `PRAGMA user_version` and migrates forward one step at a time;
//! a database written by an older oitscan opens in a newer one, and a newer database is
//! refused by an older binary with a message saying so.

use crate::results::{RunResults, UnitResult};
use rusqlite::{Connection, OptionalExtension, params};
use std::path::Path;

/// The default database file, in the working folder.
pub const DEFAULT_PATH: &str = "oitscan-history.sqlite";

/// Forward migrations; entry `i` takes the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: runs, unit results, verdicts, evidence, resources.
    r#"
    CREATE TABLE runs (
        id            INTEGER PRIMARY KEY,
        started_at    TEXT NOT NULL,
        finished_at   TEXT,
        status        TEXT NOT NULL,          -- running | complete | incomplete
        checklist     TEXT NOT NULL,          -- "nacc-2568"
        fiscal_year   INTEGER NOT NULL,
        version       TEXT NOT NULL,          -- oitscan version
        options       TEXT NOT NULL,          -- JSON: what the run was asked to do
        out_dir       TEXT NOT NULL,
        shard         TEXT                    -- "2/3" when the run was one shard
    );
    CREATE TABLE unit_results (
        run_id        INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        unit_id       TEXT NOT NULL,
        name_th       TEXT NOT NULL,
        district      TEXT NOT NULL,
        outcome       TEXT NOT NULL,          -- complete | partial | failed
        outcome_reason TEXT,
        score         REAL,
        requests      INTEGER NOT NULL,
        pages         INTEGER NOT NULL,
        result        TEXT NOT NULL,          -- the UnitResult as JSON
        PRIMARY KEY (run_id, unit_id)
    );
    CREATE TABLE verdicts (
        run_id        INTEGER NOT NULL,
        unit_id       TEXT NOT NULL,
        code          TEXT NOT NULL,
        verdict       TEXT NOT NULL,
        confidence    REAL NOT NULL,
        reason        TEXT NOT NULL,
        PRIMARY KEY (run_id, unit_id, code),
        FOREIGN KEY (run_id, unit_id) REFERENCES unit_results(run_id, unit_id) ON DELETE CASCADE
    );
    CREATE TABLE evidence (
        run_id        INTEGER NOT NULL,
        unit_id       TEXT NOT NULL,
        code          TEXT NOT NULL,
        rank          INTEGER NOT NULL,
        url           TEXT NOT NULL,
        click_path    TEXT NOT NULL,          -- JSON array of link texts
        years         TEXT NOT NULL,          -- JSON array
        PRIMARY KEY (run_id, unit_id, code, rank),
        FOREIGN KEY (run_id, unit_id, code) REFERENCES verdicts(run_id, unit_id, code) ON DELETE CASCADE
    );
    CREATE TABLE resources (
        url           TEXT PRIMARY KEY,       -- the URL asked for
        unit_id       TEXT NOT NULL,
        run_id        INTEGER NOT NULL,       -- the run that last fetched it in full
        status        INTEGER NOT NULL,
        etag          TEXT,
        last_modified TEXT,
        content_hash  TEXT,
        bytes         INTEGER NOT NULL,
        record        TEXT NOT NULL           -- the page or document record as JSON, reused on 304
    );
    CREATE INDEX resources_unit ON resources(unit_id);
    CREATE INDEX unit_results_unit ON unit_results(unit_id, run_id);
    "#,
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// A history database problem, with what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// SQLite said no.
    #[error("history database {path}: {source}")]
    Sqlite {
        /// The database file.
        path: String,
        /// The cause.
        #[source]
        source: rusqlite::Error,
    },
    /// Written by a newer oitscan.
    #[error(
        "history database {path} has schema version {found}, newer than this oitscan understands ({SCHEMA_VERSION}); upgrade oitscan or use another --history file"
    )]
    TooNew {
        /// The database file.
        path: String,
        /// Its version.
        found: i64,
    },
    /// Stored JSON could not be read back.
    #[error("history database {path}: a stored result cannot be read ({message})")]
    Corrupt {
        /// The database file.
        path: String,
        /// What failed.
        message: String,
    },
    /// Asked for a run that is not there.
    #[error("history database {path} has no run {id}; `oitscan history` lists the runs")]
    NoSuchRun {
        /// The database file.
        path: String,
        /// The run asked for.
        id: i64,
    },
}

/// One run as listed by `oitscan history`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RunRow {
    /// Run id.
    pub id: i64,
    /// When it started.
    pub started_at: String,
    /// When it ended, if it did.
    pub finished_at: Option<String>,
    /// running, complete or incomplete.
    pub status: String,
    /// Checklist id.
    pub checklist: String,
    /// Units recorded.
    pub units: i64,
    /// Mean estimated score over scored units.
    pub mean_score: Option<f64>,
    /// Shard, when the run was one.
    pub shard: Option<String>,
}

/// One point of a unit's trend.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TrendPoint {
    /// Run id.
    pub run_id: i64,
    /// When the run started.
    pub started_at: String,
    /// Estimated score.
    pub score: Option<f64>,
    /// Items found.
    pub found: i64,
    /// Items with gaps (missing, wrong year, broken link).
    pub gaps: i64,
    /// complete, partial or failed.
    pub outcome: String,
}

/// What a run was asked to do, stored with it.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct RunMeta {
    /// When it started.
    pub started_at: String,
    /// "nacc-2568".
    pub checklist: String,
    /// Fiscal year checked.
    pub fiscal_year: i32,
    /// The output folder.
    pub out_dir: String,
    /// "K/N" for a shard.
    pub shard: Option<String>,
    /// Options as given (for the record).
    pub options: serde_json::Value,
}

/// An open history database.
pub struct History {
    conn: Connection,
    path: String,
}

impl History {
    /// Opens (or creates) the database and migrates it to this build's schema.
    pub fn open(path: &Path) -> Result<History, HistoryError> {
        let p = path.display().to_string();
        let err = |source| HistoryError::Sqlite {
            path: p.clone(),
            source,
        };
        let conn = Connection::open(path).map_err(err)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(err)?;
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL;")
            .map_err(err)?;
        let mut h = History { conn, path: p };
        h.migrate()?;
        Ok(h)
    }

    /// SQLite's quick integrity check: a file damaged inside (a disk error, a copy cut short)
    /// opens fine and fails later, so a scan asks before it relies on it.
    pub fn check(&self) -> Result<(), HistoryError> {
        let verdict: String = self
            .conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        if verdict == "ok" {
            Ok(())
        } else {
            Err(HistoryError::Corrupt {
                path: self.path.clone(),
                message: format!("database disk image is malformed ({verdict})"),
            })
        }
    }

    /// The file name, for messages.
    pub fn path(&self) -> &str {
        &self.path
    }

    fn err(&self, source: rusqlite::Error) -> HistoryError {
        HistoryError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    /// The schema version stored in the file.
    pub fn schema_version(&self) -> Result<i64, HistoryError> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    fn migrate(&mut self) -> Result<(), HistoryError> {
        let mut version = self.schema_version()?;
        if version > SCHEMA_VERSION {
            return Err(HistoryError::TooNew {
                path: self.path.clone(),
                found: version,
            });
        }
        while version < SCHEMA_VERSION {
            let step = MIGRATIONS[version as usize];
            let tx = self.conn.transaction().map_err(|e| HistoryError::Sqlite {
                path: self.path.clone(),
                source: e,
            })?;
            tx.execute_batch(step)
                .and_then(|_| tx.pragma_update(None, "user_version", version + 1))
                .and_then(|_| tx.commit())
                .map_err(|e| HistoryError::Sqlite {
                    path: self.path.clone(),
                    source: e,
                })?;
            version += 1;
        }
        Ok(())
    }

    /// Records the start of a run; returns its id.
    pub fn begin_run(&self, meta: &RunMeta) -> Result<i64, HistoryError> {
        self.conn
            .execute(
                "INSERT INTO runs (started_at, status, checklist, fiscal_year, version, options, out_dir, shard)
                 VALUES (?1, 'running', ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    meta.started_at,
                    meta.checklist,
                    meta.fiscal_year,
                    env!("CARGO_PKG_VERSION"),
                    meta.options.to_string(),
                    meta.out_dir,
                    meta.shard,
                ],
            )
            .map_err(|e| self.err(e))?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Records one unit's result (replacing an earlier record of it in the same run, so a
    /// resumed run never holds a unit twice).
    pub fn record_unit(&mut self, run_id: i64, r: &UnitResult) -> Result<(), HistoryError> {
        let json = serde_json::to_string(r).map_err(|e| HistoryError::Corrupt {
            path: self.path.clone(),
            message: e.to_string(),
        })?;
        let (outcome, reason) = match &r.outcome {
            crate::crawl::Outcome::Complete => ("complete", None),
            crate::crawl::Outcome::Partial { reason } => ("partial", Some(reason.clone())),
            crate::crawl::Outcome::Failed { reason } => ("failed", Some(reason.clone())),
        };
        let path = self.path.clone();
        let err = |source| HistoryError::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(err)?;
        tx.execute(
            "DELETE FROM unit_results WHERE run_id = ?1 AND unit_id = ?2",
            params![run_id, r.unit.id],
        )
        .map_err(err)?;
        tx.execute(
            "INSERT INTO unit_results (run_id, unit_id, name_th, district, outcome, outcome_reason, score, requests, pages, result)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                run_id,
                r.unit.id,
                r.unit.name_th,
                r.unit.district,
                outcome,
                reason,
                r.verdicts.score.as_ref().map(|s| s.percent),
                r.requests as i64,
                r.pages as i64,
                json,
            ],
        )
        .map_err(err)?;
        for v in &r.verdicts.items {
            tx.execute(
                "INSERT INTO verdicts (run_id, unit_id, code, verdict, confidence, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    run_id,
                    r.unit.id,
                    v.code,
                    v.verdict.slug(),
                    v.confidence as f64,
                    v.reason,
                ],
            )
            .map_err(err)?;
            for (rank, e) in v.evidence.iter().enumerate() {
                tx.execute(
                    "INSERT INTO evidence (run_id, unit_id, code, rank, url, click_path, years) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![
                        run_id,
                        r.unit.id,
                        v.code,
                        rank as i64,
                        e.url,
                        serde_json::to_string(&e.click_path).unwrap_or_default(),
                        serde_json::to_string(&e.years).unwrap_or_default(),
                    ],
                )
                .map_err(err)?;
            }
        }
        tx.commit().map_err(err)
    }

    /// Marks a run finished.
    pub fn finish_run(&self, run_id: i64, run: &RunResults) -> Result<(), HistoryError> {
        let status = if crate::results::incomplete(run) {
            "incomplete"
        } else {
            "complete"
        };
        self.conn
            .execute(
                "UPDATE runs SET finished_at = ?2, status = ?3 WHERE id = ?1",
                params![run_id, run.finished_at, status],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Every run, newest first.
    pub fn runs(&self) -> Result<Vec<RunRow>, HistoryError> {
        let mut st = self
            .conn
            .prepare(
                "SELECT r.id, r.started_at, r.finished_at, r.status, r.checklist, r.shard,
                        (SELECT COUNT(*) FROM unit_results u WHERE u.run_id = r.id),
                        (SELECT AVG(score) FROM unit_results u WHERE u.run_id = r.id)
                 FROM runs r ORDER BY r.id DESC",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([], |r| {
                Ok(RunRow {
                    id: r.get(0)?,
                    started_at: r.get(1)?,
                    finished_at: r.get(2)?,
                    status: r.get(3)?,
                    checklist: r.get(4)?,
                    shard: r.get(5)?,
                    units: r.get(6)?,
                    mean_score: r.get(7)?,
                })
            })
            .map_err(|e| self.err(e))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// The newest run before `before` (or the newest of all) checked against the same
    /// checklist, that recorded at least one unit.
    pub fn previous_run(
        &self,
        checklist: &str,
        before: Option<i64>,
    ) -> Result<Option<i64>, HistoryError> {
        self.conn
            .query_row(
                // The run before, of the same checklist and — when both runs say — of the
                // same registry: a run over another registry is not last week's.
                "SELECT r.id FROM runs r
                 WHERE r.checklist = ?1 AND r.id < ?2
                   AND EXISTS (SELECT 1 FROM unit_results u WHERE u.run_id = r.id)
                   AND (json_extract(r.options, '$.registry') IS NULL
                        OR (SELECT json_extract(o.options, '$.registry') FROM runs o WHERE o.id = ?2) IS NULL
                        OR json_extract(r.options, '$.registry')
                           = (SELECT json_extract(o.options, '$.registry') FROM runs o WHERE o.id = ?2))
                 ORDER BY r.id DESC LIMIT 1",
                params![checklist, before.unwrap_or(i64::MAX)],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// The registry fingerprint a run recorded (runs of older oitscan versions have none).
    pub fn run_registry(&self, run_id: i64) -> Result<Option<String>, HistoryError> {
        self.conn
            .query_row(
                "SELECT json_extract(options, '$.registry') FROM runs WHERE id = ?1",
                [run_id],
                |r| r.get::<_, Option<String>>(0),
            )
            .optional()
            .map(Option::flatten)
            .map_err(|e| self.err(e))
    }

    /// A stored run's unit results, in registry order.
    /// One unit's result in a run, when the run has it: a run compares each unit with the run
    /// before as it finishes, without holding that whole run in memory.
    pub fn load_unit(
        &self,
        run_id: i64,
        unit_id: &str,
    ) -> Result<Option<UnitResult>, HistoryError> {
        let json: Option<String> = self
            .conn
            .query_row(
                "SELECT result FROM unit_results WHERE run_id = ?1 AND unit_id = ?2",
                params![run_id, unit_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        json.map(|j| {
            serde_json::from_str::<UnitResult>(&j).map_err(|e| HistoryError::Corrupt {
                path: self.path.clone(),
                message: e.to_string(),
            })
        })
        .transpose()
    }

    pub fn load_units(&self, run_id: i64) -> Result<Vec<UnitResult>, HistoryError> {
        let exists: Option<i64> = self
            .conn
            .query_row("SELECT id FROM runs WHERE id = ?1", [run_id], |r| r.get(0))
            .optional()
            .map_err(|e| self.err(e))?;
        if exists.is_none() {
            return Err(HistoryError::NoSuchRun {
                path: self.path.clone(),
                id: run_id,
            });
        }
        let mut st = self
            .conn
            .prepare("SELECT result FROM unit_results WHERE run_id = ?1")
            .map_err(|e| self.err(e))?;
        let mut units = st
            .query_map([run_id], |r| r.get::<_, String>(0))
            .map_err(|e| self.err(e))?
            .map(|j| {
                let j = j.map_err(|e| self.err(e))?;
                serde_json::from_str::<UnitResult>(&j).map_err(|e| HistoryError::Corrupt {
                    path: self.path.clone(),
                    message: e.to_string(),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        units.sort_by_key(|u| u.unit.line);
        Ok(units)
    }

    /// The started_at of a run.
    pub fn run_started(&self, run_id: i64) -> Result<String, HistoryError> {
        self.conn
            .query_row("SELECT started_at FROM runs WHERE id = ?1", [run_id], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| self.err(e))?
            .ok_or(HistoryError::NoSuchRun {
                path: self.path.clone(),
                id: run_id,
            })
    }

    /// One unit's score and counts over every run, oldest first.
    pub fn trend(&self, unit_id: &str) -> Result<Vec<TrendPoint>, HistoryError> {
        let mut st = self
            .conn
            .prepare(
                "SELECT u.run_id, r.started_at, u.score, u.outcome,
                    (SELECT COUNT(*) FROM verdicts v WHERE v.run_id = u.run_id AND v.unit_id = u.unit_id AND v.verdict = 'found'),
                    (SELECT COUNT(*) FROM verdicts v WHERE v.run_id = u.run_id AND v.unit_id = u.unit_id
                        AND v.verdict IN ('missing', 'wrong-year', 'broken-link'))
                 FROM unit_results u JOIN runs r ON r.id = u.run_id
                 WHERE u.unit_id = ?1 ORDER BY u.run_id",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([unit_id], |r| {
                Ok(TrendPoint {
                    run_id: r.get(0)?,
                    started_at: r.get(1)?,
                    score: r.get(2)?,
                    outcome: r.get(3)?,
                    found: r.get(4)?,
                    gaps: r.get(5)?,
                })
            })
            .map_err(|e| self.err(e))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// What earlier scans stored about a unit's resources that came with a validator, ready
    /// for conditional requests. A record that no longer reads (an older layout) is skipped:
    /// that resource is simply fetched in full again.
    pub fn unit_cache(&self, unit_id: &str) -> Result<crate::crawl::UnitCache, HistoryError> {
        use crate::crawl::{CachedResource, fetch::Validators};
        let mut st = self
            .conn
            .prepare(
                "SELECT url, etag, last_modified, bytes, record FROM resources
                 WHERE unit_id = ?1 AND (etag IS NOT NULL OR last_modified IS NOT NULL)",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([unit_id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    Validators {
                        etag: r.get(1)?,
                        last_modified: r.get(2)?,
                    },
                    r.get::<_, i64>(3)? as u64,
                    r.get::<_, String>(4)?,
                ))
            })
            .map_err(|e| self.err(e))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.err(e))?;
        Ok(rows
            .into_iter()
            .filter_map(|(url, validators, bytes, record)| {
                let record = serde_json::from_str(&record).ok()?;
                Some((
                    url,
                    CachedResource {
                        validators,
                        bytes,
                        record,
                    },
                ))
            })
            .collect())
    }

    /// Stores the validators and records of every page and document of a unit's crawl that
    /// came with an ETag or Last-Modified, in one transaction.
    pub fn store_snapshot(
        &mut self,
        run_id: i64,
        snap: &crate::crawl::SiteSnapshot,
    ) -> Result<usize, HistoryError> {
        use crate::crawl::StoredRecord;
        let path = self.path.clone();
        let err = |source| HistoryError::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(err)?;
        let mut stored = 0;
        let pages = snap.pages.iter().map(|p| {
            (
                &p.url,
                p.status,
                &p.cache,
                p.size,
                StoredRecord::Page(p.clone()),
            )
        });
        let docs = snap.documents.iter().map(|d| {
            (
                &d.url,
                d.status,
                &d.cache,
                d.size,
                StoredRecord::Document(d.clone()),
            )
        });
        for (url, status, cache, size, record) in pages.chain(docs) {
            if status != 200 || (cache.etag.is_none() && cache.last_modified.is_none()) {
                continue;
            }
            let mut record = record;
            match &mut record {
                StoredRecord::Page(p) => p.cache.revalidated = false,
                StoredRecord::Document(d) => d.cache.revalidated = false,
            }
            let json = serde_json::to_string(&record).map_err(|e| HistoryError::Corrupt {
                path: path.clone(),
                message: e.to_string(),
            })?;
            tx.execute(
                "INSERT INTO resources (url, unit_id, run_id, status, etag, last_modified, content_hash, bytes, record)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT(url) DO UPDATE SET unit_id = ?2, run_id = ?3, status = ?4, etag = ?5,
                   last_modified = ?6, content_hash = ?7, bytes = ?8, record = ?9",
                params![
                    url,
                    snap.unit_id,
                    run_id,
                    status as i64,
                    cache.etag,
                    cache.last_modified,
                    cache.content_hash,
                    size as i64,
                    json
                ],
            )
            .map_err(err)?;
            stored += 1;
        }
        tx.commit().map_err(err)?;
        Ok(stored)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_0_file_migrates_and_a_newer_one_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.sqlite");
        // An empty file of version 0 (as a first release would leave it).
        Connection::open(&path).unwrap();
        let h = History::open(&path).unwrap();
        assert_eq!(h.schema_version().unwrap(), SCHEMA_VERSION);
        drop(h);
        // Reopening is a no-op.
        assert_eq!(
            History::open(&path).unwrap().schema_version().unwrap(),
            SCHEMA_VERSION
        );
        let c = Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        drop(c);
        let e = History::open(&path).err().unwrap();
        assert!(e.to_string().contains("newer than this oitscan"), "{e}");
    }
}
