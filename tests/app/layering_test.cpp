// The house as the includes draw it (DESIGN.md "Layers"): the faces (app/cli,
// app/gui, app/web) stand on app/session only; core knows no git, GUI or
// HTTP; sync knows no GUI or HTTP; nothing outside app/session reaches into
// session/internal. Read from the source tree, so a new include that breaks
// a layer fails here, named with its file and line.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

namespace taxa {
namespace {

namespace fs = std::filesystem;

struct Include {
  std::string file;  // relative to the source tree
  int line = 0;
  std::string target;  // as written between the quotes or brackets
};

std::vector<Include> IncludesUnder(const std::string& folder) {
  std::vector<Include> out;
  const fs::path root(TAXA_SOURCE_DIR);
  if (!fs::exists(root / folder)) return out;
  static const std::regex kInclude(R"(^\s*#\s*include\s*[<"]([^>"]+)[>"])");
  for (const auto& entry : fs::recursive_directory_iterator(root / folder)) {
    const std::string ext = entry.path().extension().string();
    if (ext != ".cpp" && ext != ".h") continue;
    std::ifstream in(entry.path());
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
      std::smatch m;
      if (std::regex_search(line, m, kInclude))
        out.push_back({fs::relative(entry.path(), root).string(), n, m[1].str()});
    }
  }
  return out;
}

// Every include under `folder` that `allowed` refuses, one per line.
std::string Offences(const std::string& folder, const std::function<bool(const std::string&)>& allowed) {
  std::string out;
  for (const Include& i : IncludesUnder(folder))
    if (!allowed(i.target)) out += i.file + ":" + std::to_string(i.line) + ": " + i.target + "\n";
  return out;
}

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// Standard and third-party headers a face may use: anything without a
// project prefix, except the storage and git libraries.
bool IsStorageLibrary(const std::string& t) {
  return StartsWith(t, "git2") || StartsWith(t, "sqlite3") || StartsWith(t, "zstd");
}

TEST(Layering, TheFacesStandOnTheSessionOnly) {
  // The faces may include the session's public headers, their own headers,
  // core's value types through the session, the embedded assets, and
  // libraries; never the index, the repository, or the session's internals.
  auto face = [](const std::string& own) {
    return [own](const std::string& t) {
      if (IsStorageLibrary(t)) return false;
      if (StartsWith(t, "session/internal/")) return false;
      if (StartsWith(t, "session/") || StartsWith(t, own.c_str())) return true;
      if (StartsWith(t, "taxa/sync/")) return false;
      if (t == "taxa/core/index.h" || t == "taxa/core/journal.h" ||
          StartsWith(t, "taxa/core/storage"))
        return false;
      return true;
    };
  };
  EXPECT_EQ(Offences("app/cli", face("cli")), "");
  EXPECT_EQ(Offences("app/gui", face("gui/")), "");
  EXPECT_EQ(Offences("app/web", face("web/")), "");
}

TEST(Layering, CoreKnowsNoGitGuiOrHttpAndSyncNoGuiOrHttp) {
  auto below_faces = [](bool allow_git) {
    return [allow_git](const std::string& t) {
      if (StartsWith(t, "session/") || StartsWith(t, "gui/") || StartsWith(t, "web/")) return false;
      if (StartsWith(t, "imgui") || StartsWith(t, "GLFW/") || StartsWith(t, "httplib"))
        return false;
      if (!allow_git && (StartsWith(t, "git2") || StartsWith(t, "taxa/sync/"))) return false;
      return true;
    };
  };
  EXPECT_EQ(Offences("core", below_faces(false)), "");
  EXPECT_EQ(Offences("sync", below_faces(true)), "");
}

TEST(Layering, StorageLibrariesStayInTheirFolders) {
  // SQLite and zstd only under core/src/storage (STYLE.md), libgit2 only in sync/src.
  std::string out;
  for (const char* folder : {"core", "sync", "app"}) {
    for (const Include& i : IncludesUnder(folder)) {
      bool sqlite_or_zstd = StartsWith(i.target, "sqlite3") || StartsWith(i.target, "zstd");
      bool git = StartsWith(i.target, "git2");
      if ((sqlite_or_zstd && !StartsWith(i.file, "core/src/storage/")) ||
          (git && !StartsWith(i.file, "sync/src/")))
        out += i.file + ":" + std::to_string(i.line) + ": " + i.target + "\n";
    }
  }
  EXPECT_EQ(out, "");
}

}  // namespace
}  // namespace taxa
