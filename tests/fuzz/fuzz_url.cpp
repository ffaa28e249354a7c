// fuzz_url.cpp: fuzz target for the URL-fragment decoder (decode_config_url in core/io/url.cpp).
//
// The input is the fragment text. Invariants:
//   - on error: a message starting "url: " and the output config untouched;
//   - on success: the config passes validate(); encode -> decode gives it back exactly; encoding is
//     canonical (encoding the decoded encoding gives the same text) and fits max_url_length; and the
//     JSON config format accepts the same config (config_to_json -> parse_config_json -> equal), so
//     a link and a saved file can never disagree about what is valid.
#include <cstdint>
#include <string>

#include "io/config.h"
#include "fuzz_common.h"
#include "io/state.h"
#include "io/url.h"

using namespace relulab;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string fragment(reinterpret_cast<const char*>(data), size);
  Config c = sentinel_config();
  const std::string err = decode_config_url(fragment, &c);
  if (!err.empty()) {
    FUZZ_CHECK(err.compare(0, 5, "url: ") == 0, "message does not start with 'url: ': " + err);
    FUZZ_CHECK(same_config(c, sentinel_config()), "output changed on error: " + err);
    return 0;
  }
  const std::string verr = validate(c);
  FUZZ_CHECK(verr.empty(), "decoded config fails validate(): " + verr);

  const std::string text = encode_config_url(c);
  FUZZ_CHECK(text.size() <= max_url_length, "encoding is longer than max_url_length");
  Config back = sentinel_config();
  const std::string err2 = decode_config_url(text, &back);
  FUZZ_CHECK(err2.empty(), "own encoding '" + text + "' refused: " + err2);
  FUZZ_CHECK(same_config(c, back), "decode(encode(c)) != c for '" + text + "'");
  FUZZ_CHECK(encode_config_url(back) == text, "encoding is not canonical: " + text);
  Config with_hash = sentinel_config();
  FUZZ_CHECK(decode_config_url("#" + text, &with_hash).empty() && same_config(with_hash, c),
             "a leading '#' changes the result");

  Config from_json = sentinel_config();
  const std::string err3 = parse_config_json(config_to_json(c), "url.json", &from_json);
  FUZZ_CHECK(err3.empty(), "URL accepts what the JSON reader refuses ('" + fragment + "'): " + err3);
  FUZZ_CHECK(same_config(from_json, c), "JSON round trip of a URL config differs: " + text);
  return 0;
}
