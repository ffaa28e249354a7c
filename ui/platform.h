// platform.h: what only one platform can do, behind one small interface the app is handed at init
// (as sokol keeps each platform behind one boundary). web/main.cpp fills it with the browser's
// download, upload, URL hash and clipboard; native/main.cpp leaves the file calls empty, and the
// app then asks for a path in its own dialog and reads or writes the file itself.
//
// Files and the hash come back into the app through app_receive_file (ui/files.h); the autosave
// read at start goes to restore_autosave (ui/autosave.h).
#pragma once

#include <cstddef>
#include <functional>
#include <string>

namespace relulab {

// What a file the user picks or a text the platform hands in is for.
enum class FileAction { none = 0, save_state, load_state, import_csv, export_csv, export_png, url_hash, export_svg };

struct Platform {
  // Offers `bytes` to the user as a file called `name` (a browser download).
  std::function<void(const std::string& name, const std::string& mime, const std::string& bytes)>
      download;
  // Asks the user for a file (`accept`: the browser's accept list); its text arrives later through
  // app_receive_file with the same action. A file over `max_bytes` arrives as a text of one NUL.
  std::function<void(FileAction action, const char* accept, std::size_t max_bytes)> upload;
  // Replaces the URL hash with `hash` (without '#') without adding a history entry.
  std::function<void(const std::string& hash)> write_hash;
  // Copies the page's address (hash included) to the clipboard.
  std::function<void()> copy_link;
  // Copies `text` to the clipboard (a classroom link). Absent: ImGui's clipboard.
  std::function<void(const std::string& text)> copy_text;
  // Fetches the Chinese font (relulab-zh.ttf next to the page); its bytes arrive later through
  // app_receive_cjk_font (ui/fonts_cjk.h). Absent natively: the desktop binary embeds the font.
  std::function<void()> fetch_cjk_font;
  // Keeps `state` (a full state file) where the next start finds it: IndexedDB on the page
  // (web/autosave.js), $XDG_STATE_HOME/relulab/autosave.json on the desktop (native/autosave_file.cpp).
  // Returns "" or why it could not; the page answers later, through autosave_result (ui/autosave.h).
  // Empty: no autosave (tests, headless). The restore at start is the entry point's.
  std::function<std::string(const std::string& state)> save_autosave;
};

}  // namespace relulab
