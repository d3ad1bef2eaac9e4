//! `oitscan units`: a registry checked before a scan.

use super::prelude::*;

#[derive(Subcommand)]
pub(crate) enum UnitsCmd {
    /// Report every bad row of a registry with its line number and what to fix.
    Validate {
        /// The registry (CSV or TOML).
        file: PathBuf,
    },
}

pub(crate) fn units_validate(file: PathBuf) -> anyhow::Result<ExitCode> {
    let reg = units::load(&file).map_err(input)?;
    let name = file.display().to_string();
    print_registry_problems(&reg, &name);
    out!(
        "{name}: {} usable unit(s), {} bad row(s)",
        reg.units.len(),
        reg.errors.len()
    );
    Ok(if reg.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}
