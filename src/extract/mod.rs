//! Pure functions from fetched bytes to structure: HTML → page model (title, headings, links
//! with their context); documents → text. Extractors get hostile input, so they never panic on it and cap what
//! they keep.

pub mod document;
pub mod html;
pub mod worker;

pub use document::{DocText, extract_isolated};
pub use html::{Link, PageModel, is_generic_anchor, parse_html};
