// autosave_file.h: the desktop's autosave file (ui/autosave.h's Platform::save_autosave and the restore
// at start): $XDG_STATE_HOME/relulab/autosave.json, or ~/.local/state/relulab/autosave.json when
// XDG_STATE_HOME is unset or not absolute (the XDG Base Directory rule).
//
// A save writes autosave.json.tmp, flushes it to the disk and renames it over autosave.json: a
// rename within one directory is atomic, so a crash or a full disk mid-write leaves the previous
// autosave whole. A file that does not load at start is renamed autosave.json.unreadable-<time>
// (never deleted) and the app starts fresh, saying so.
#pragma once

#include <string>

namespace relulab {

// The autosave file's path, or "" when neither XDG_STATE_HOME nor HOME is usable.
std::string autosave_file_path();

// Writes `text` to `path` through a temporary file and a rename, creating the directories.
// Returns "" or what failed.
std::string write_file_atomically(const std::string& path, const std::string& text);

// Renames `path` aside (path + ".unreadable-YYYYmmdd-HHMMSS"); returns the new name, or "" if the
// rename failed too.
std::string set_file_aside(const std::string& path);

}  // namespace relulab
