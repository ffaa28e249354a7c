// autosave_file.cpp: see autosave_file.h. POSIX calls (open, fsync, rename): the desktop build targets Linux.
#include "autosave_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

namespace relulab {

namespace {

std::string why() { return std::strerror(errno); }

// mkdir -p for the directories above `path`.
std::string make_parent_dirs(const std::string& path) {
  for (std::size_t slash = path.find('/', 1); slash != std::string::npos; slash = path.find('/', slash + 1)) {
    const std::string dir = path.substr(0, slash);
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return dir + ": cannot create (" + why() + ")";
  }
  return "";
}

}  // namespace

std::string autosave_file_path() {
  const char* state = std::getenv("XDG_STATE_HOME");
  if (state && state[0] == '/') return std::string(state) + "/relulab/autosave.json";
  const char* home = std::getenv("HOME");
  if (home && home[0] == '/') return std::string(home) + "/.local/state/relulab/autosave.json";
  return "";
}

std::string write_file_atomically(const std::string& path, const std::string& text) {
  std::string error = make_parent_dirs(path);
  if (!error.empty()) return error;
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return tmp + ": cannot open (" + why() + ")";
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error = tmp + ": cannot write (" + why() + ")";
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  if (error.empty() && ::fsync(fd) != 0) error = tmp + ": cannot flush to disk (" + why() + ")";
  if (::close(fd) != 0 && error.empty()) error = tmp + ": cannot close (" + why() + ")";
  if (error.empty() && ::rename(tmp.c_str(), path.c_str()) != 0)
    error = path + ": cannot replace (" + why() + ")";
  if (!error.empty()) ::unlink(tmp.c_str());  // the previous autosave stays as it was
  return error;
}

std::string set_file_aside(const std::string& path) {
  char stamp[32];
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
  std::string aside = path + ".unreadable-" + stamp;
  for (int k = 2; ::access(aside.c_str(), F_OK) == 0 && k < 100; ++k)
    aside = path + ".unreadable-" + stamp + "-" + std::to_string(k);
  return ::rename(path.c_str(), aside.c_str()) == 0 ? aside : "";
}

}  // namespace relulab
