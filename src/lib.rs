//! oitscan: audits Thai government websites for the NACC ITA/OIT public-disclosure items.
pub mod checklist;
pub mod crawl;
pub mod demo;
pub mod detect;
pub mod eval;
pub mod extract;
pub mod history;
pub mod locale;
pub mod progress;
pub mod report;
pub mod results;
pub mod scan;
pub mod thai;
pub mod units;
