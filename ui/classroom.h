// classroom.h: the view keys of the page's URL hash, after the configuration's keys:
//
//   #data=circle&...&v=1&lang=zh&tour=2&hide=network,instruments
//
// lang=en|zh picks the language, tour=N opens step N of the tour, hide=a,b hides windows, sections
// of the controls window and instrument tabs (Part names below), so that a teacher can share a view
// focused on one idea, as TensorFlow Playground's "use in classroom" does. The app writes these
// keys back whenever they change, so a hidden part stays hidden after a reload of the link. A
// malformed value is refused with a message and nothing in the hash is applied.
#pragma once

#include <string>

#include "app.h"

namespace relulab {

struct ViewKeys {
  bool has_lang = false, has_tour = false, has_hide = false;
  Lang lang = Lang::en;
  int tour = 0;         // 1..tour_step_count
  unsigned hide = 0;    // bit per Part
};

// Splits the view keys off `fragment` (no leading '#'): *config gets the other keys, in order.
// Returns "" or a message naming the key and the value refused.
std::string split_view_keys(const std::string& fragment, ViewKeys* keys, std::string* config);
void apply_view_keys(AppState& s, const ViewKeys& keys);
// The view keys of `hash` (with or without '#') alone, its configuration left out: a page that
// continued its autosaved run. A malformed value is refused with a message, as the hash's.
void apply_hash_view_keys(AppState& s, const std::string& hash);
// "&lang=zh&tour=2&hide=network,instruments": the keys the current view needs ("" for none).
std::string view_keys_suffix(const AppState& s);

const char* part_name(Part p);           // "network", "instruments", ...
Str part_label(Part p);                  // its name in the UI
bool part_hidden(const AppState& s, Part p);
std::string part_list(unsigned hidden);  // "network,instruments"

// A classroom link: the page's address (or "#" alone natively) with the running configuration and
// the given view keys. lang: 0 the reader's own, 1 English, 2 Chinese; tour: 0 none, else a step.
std::string classroom_link(const AppState& s, unsigned hidden, int lang, int tour);

}  // namespace relulab
