// fuzz_config.cpp: fuzz target for the config reader and validator (parse_config_json in
// core/io/state.cpp, validate() in core/io/config.cpp).
//
// The input is the text of a --config file. Invariants:
//   - on error: a message naming the source, and the output config untouched;
//   - on success: validate() accepts the config; config_to_json -> parse_config_json gives it back
//     bit for bit and writes the same text again; and the URL encoding carries it too (it fits
//     max_url_length and decode_config_url(encode_config_url(c)) == c), so every config a file can
//     hold can also be shared as a link.
#include <cstdint>
#include <string>

#include "io/config.h"
#include "fuzz_common.h"
#include "io/state.h"
#include "io/url.h"

using namespace relulab;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string source = "fuzz.json";
  Config c = sentinel_config();
  const std::string err = parse_config_json(text, source, &c);
  if (!err.empty()) {
    FUZZ_CHECK(err.compare(0, source.size(), source) == 0, "message does not name the source: " + err);
    FUZZ_CHECK(same_config(c, sentinel_config()), "output changed on error: " + err);
    return 0;
  }
  const std::string verr = validate(c);
  FUZZ_CHECK(verr.empty(), "accepted config fails validate(): " + verr);

  const std::string written = config_to_json(c);
  Config back = sentinel_config();
  const std::string err2 = parse_config_json(written, source, &back);
  FUZZ_CHECK(err2.empty(), "own output refused: " + err2 + "\n" + written);
  FUZZ_CHECK(same_config(c, back), "JSON round trip changed the config:\n" + written);
  FUZZ_CHECK(config_to_json(back) == written, "writing is not stable");

  const std::string url = encode_config_url(c);
  FUZZ_CHECK(url.size() <= max_url_length, "URL encoding longer than max_url_length: " + url);
  Config from_url = sentinel_config();
  const std::string err3 = decode_config_url(url, &from_url);
  FUZZ_CHECK(err3.empty(), "URL decoder refuses an accepted config: " + err3 + "\n" + url);
  FUZZ_CHECK(same_config(from_url, c), "URL round trip changed the config: " + url);
  return 0;
}
