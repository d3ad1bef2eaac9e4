//! Thai text rules: normalisation, digits, Buddhist-Era dates and fiscal years, item codes,
//! and decoding page bytes whose declared charset cannot be trusted.
//!
//! Everything here is pure and cheap, so the crawler, the detector and the checklist loader
//! all share one definition of "the same text".

pub mod code;
pub mod date;
pub mod decode;
pub mod normalize;

pub use code::{find_item_codes, leading_item_code, normalize_item_code};
pub use date::{DateMention, FiscalYear, ThaiDate, be_to_ce, ce_to_be, find_dates};
pub use decode::{CharsetSource, Decoded, decode_html, decode_text, encoding_for_label};
pub use normalize::{match_key, normalize, thai_digits_to_ascii};
