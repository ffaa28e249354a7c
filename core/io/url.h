// url.h: a Config as a short, readable URL fragment, for the web page's address bar.
//
// The fragment is a query string of key=value pairs in a fixed order, omitting fields equal to
// Config{}'s defaults, ending with the format version v=1 (so that a truncated address, which has
// lost it, is refused), e.g.
//   data=spiral&noise=0.1&layers=8:relu,8:relu&lr=0.03&v=1
// Keys, value syntax and limits are listed in docs/model-format.md. Floats are written with the
// fewest digits that read back to the same float, so decode(encode(c)) == c exactly.
#pragma once

#include <string>

#include "io/config.h"

namespace relulab {

constexpr std::size_t max_url_length = 4096;

// Without a leading '#'.
std::string encode_config_url(const Config& c);

// Accepts the fragment with or without a leading '#' (and %XX escapes, which browsers may add).
// Missing keys keep Config{}'s defaults; "v" is required unless the fragment is empty (an empty
// fragment is the default config). Rejects unknown or repeated keys, malformed values,
// anything over max_url_length characters, and configs that fail validate(). Returns an error
// message or an empty string; *out is untouched on error.
std::string decode_config_url(const std::string& fragment, Config* out);

}  // namespace relulab
