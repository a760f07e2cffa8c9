// init, demo, status, export, log, gui.
#include <limits.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli.h"
#include "session/history.h"
#include "session/items.h"
#include "session/json.h"

namespace taxa::cli {

namespace {

std::string FormatTime(int64_t seconds, int offset_minutes) {
  std::time_t t = static_cast<std::time_t>(seconds + offset_minutes * 60);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  char zone[16];
  std::snprintf(zone, sizeof zone, " %+03d%02d", offset_minutes / 60,
                std::abs(offset_minutes) % 60);
  return std::string(buf) + zone;
}

int Init(const Globals& g, const std::string& dir, const std::string& name) {
  Result<std::unique_ptr<app::Project>> s = app::Project::Create(dir, name, BaseOptions(g));
  if (!s.ok()) return Fail(s.status());
  std::printf("Created project \"%s\" in %s\n", name.c_str(), dir.c_str());
  return 0;
}

int Demo(const Globals& g, const std::string& dir) {
  Result<std::unique_ptr<app::Project>> s = app::Project::CreateDemo(dir, BaseOptions(g));
  if (!s.ok()) return Fail(s.status());
  Result<core::IndexCounts> counts = app::Items(**s).Counts();
  if (!counts.ok()) return Fail(counts.status());
  std::printf("Created the demo project in %s: %zu categories, %lld items\n", dir.c_str(),
              (*s)->taxonomy().size(), static_cast<long long>(counts->items));
  std::printf("Try: taxa -C %s status; taxa -C %s taxonomy show; taxa gui %s\n", dir.c_str(),
              dir.c_str(), dir.c_str());
  return 0;
}

int StatusCommand(const Globals& g) {
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  Result<app::ProjectStatus> status = app::Items(*s).Overview();
  if (!status.ok()) return Fail(status.status());
  if (g.json) {
    std::cout << app::ToJson(*status).dump() << "\n";
    return 0;
  }
  const core::IndexCounts& c = status->counts;
  std::printf("Project:    %s\n", status->project.c_str());
  std::printf("Categories: %zu\n", status->categories);
  std::printf("Items:      %lld\n", static_cast<long long>(c.items));
  double share =
      c.items ? 100.0 * static_cast<double>(c.labeled_items) / static_cast<double>(c.items) : 0.0;
  std::printf("Labeled:    %lld (%.1f%%)\n", static_cast<long long>(c.labeled_items), share);
  std::printf("Events:     %lld\n", static_cast<long long>(c.events));
  if (!c.by_annotator.empty()) {
    std::printf("\nBy annotator (items labeled):\n");
    for (const auto& [a, n] : c.by_annotator)
      std::printf("  %-24s %8lld\n", a.c_str(), static_cast<long long>(n));
  }
  if (!c.by_category.empty()) {
    std::printf("\nBy category (current labels):\n");
    for (const auto& [k, n] : c.by_category) {
      const core::Category* cat = s->taxonomy().Find(k);
      std::printf("  %-32s %8lld  %s\n", k.c_str(), static_cast<long long>(n),
                  cat ? cat->name.c_str() : "(unknown)");
    }
  }
  if (c.outdated_labels > 0)
    PrintOutdated(static_cast<size_t>(c.outdated_labels), OutdatedLine::kStatus);
  return 0;
}

int Export(const Globals& g, const std::string& output, bool as_made, const std::string& format) {
  if (format != "jsonl" && format != "label-studio")
    return Fail(Status::InvalidInput("unknown export format \"" + format +
                                     "\" (use jsonl or label-studio)"));
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  std::ofstream file;
  std::ostream* out = &std::cout;
  std::string tmp;
  if (!output.empty() && output != "-") {
    tmp = output + ".partial";
    file.open(tmp, std::ios::binary | std::ios::trunc);
    if (!file) return Fail(Status::Io(output + ": cannot write"));
    out = &file;
  }
  const bool lines = format == "jsonl";
  auto write = [&](std::string_view text) {
    out->write(text.data(), static_cast<std::streamsize>(text.size()));
    if (lines) out->put('\n');
    return *out ? Status::Ok()
                : Status::Io((output.empty() ? "stdout" : output) + ": write failed");
  };
  Status st = lines ? app::Items(*s).Export(write, as_made)
                    : app::Items(*s).ExportLabelStudio(write, as_made);
  if (!st.ok()) return Fail(st);
  if (!tmp.empty()) {
    file.close();
    if (!file || std::rename(tmp.c_str(), output.c_str()) != 0)
      return Fail(Status::Io(output + ": cannot write"));
  }
  return 0;
}

int Log(const Globals& g, size_t limit) {
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  Result<std::vector<sync::LogEntry>> log = app::History(*s).Log(limit);
  if (!log.ok()) return Fail(log.status());
  if (g.json) {
    for (const sync::LogEntry& e : *log) std::cout << app::ToJson(e).dump() << "\n";  // JSON Lines
    return 0;
  }
  for (const sync::LogEntry& e : *log) {
    std::string action;
    for (const auto& [k, v] : e.trailers)
      if (k == "Taxa-Action") action = v;
    std::printf("%.10s  %s  %-12s %-20s %s\n", e.commit.c_str(),
                FormatTime(e.time, e.time_offset_minutes).c_str(), e.author.c_str(), action.c_str(),
                e.subject.c_str());
  }
  return 0;
}

// The GUI is its own binary (the CLI links no GUI library): run it from
// beside this one.
int Gui(const Globals& g, const std::string& dir, bool demo) {
  char self[PATH_MAX];
  ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) return Fail(Status::Io("cannot find the taxa binary's folder"));
  self[n] = '\0';
  std::string gui = std::string(self);
  gui = gui.substr(0, gui.rfind('/')) + "/taxa-gui";
  if (::access(gui.c_str(), X_OK) != 0)
    return Fail(Status::NotFound(gui + " is missing; build the GUI (TAXA_BUILD_GUI=ON)"));
  std::vector<std::string> args = {gui};
  if (demo) args.push_back("--demo");
  std::string target = dir.empty() && !demo ? g.dir : dir;
  if (!target.empty()) args.push_back(target);
  if (!g.user.empty()) {
    args.push_back("--as");
    args.push_back(g.user);
  }
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  ::execv(gui.c_str(), argv.data());
  return Fail(Status::Io(gui + ": cannot start"));
}

}  // namespace

void AddProjectCommands(CLI::App& app, Globals& g, Action& action) {
  auto* init = app.add_subcommand("init", "Create a new project (a git repository) in DIR");
  auto init_dir = std::make_shared<std::string>();
  auto init_name = std::make_shared<std::string>();
  init->add_option("DIR", *init_dir, "Folder to create the project in")->required();
  init->add_option("--name", *init_name, "The project's name")->required();
  init->callback([&, init_dir, init_name] {
    action = [&g, init_dir, init_name] { return Init(g, *init_dir, *init_name); };
  });

  auto* demo = app.add_subcommand("demo", "Create the demo project (support tickets) in DIR");
  auto demo_dir = std::make_shared<std::string>();
  demo->add_option("DIR", *demo_dir, "Folder to create the demo in")->required();
  demo->callback([&, demo_dir] { action = [&g, demo_dir] { return Demo(g, *demo_dir); }; });

  auto* status = app.add_subcommand("status", "Counts: items, labeled, by annotator, by category");
  status->callback([&] { action = [&g] { return StatusCommand(g); }; });

  auto* exp = app.add_subcommand(
      "export", "Write every item with each annotator's current labels as JSON Lines");
  auto exp_out = std::make_shared<std::string>();
  auto exp_as_made = std::make_shared<bool>(false);
  exp->add_option("-o,--output", *exp_out, "File to write (default: standard output)");
  exp->add_flag("--as-made", *exp_as_made,
                "Labels exactly as recorded, not carried forward to the current taxonomy");
  auto exp_format = std::make_shared<std::string>("jsonl");
  exp->add_option("--format", *exp_format,
                  "jsonl (default), or label-studio: a Label Studio JSON export (tasks with "
                  "data.item and annotations), which `taxa labels import` reads back");
  exp->callback([&, exp_out, exp_as_made, exp_format] {
    action = [&g, exp_out, exp_as_made, exp_format] {
      return Export(g, *exp_out, *exp_as_made, *exp_format);
    };
  });

  auto* log = app.add_subcommand("log", "List the project's operations, newest first");
  auto log_n = std::make_shared<size_t>(0);
  log->add_option("-n,--max-count", *log_n, "Show at most N operations");
  log->callback([&, log_n] { action = [&g, log_n] { return Log(g, *log_n); }; });

  auto* gui = app.add_subcommand("gui", "Open the desktop labeling workspace");
  auto gui_dir = std::make_shared<std::string>();
  auto gui_demo = std::make_shared<bool>(false);
  gui->add_option("DIR", *gui_dir, "Project to open (default: -C or the current directory)");
  gui->add_flag("--demo", *gui_demo, "Open (creating it when missing) the demo project");
  gui->callback([&, gui_dir, gui_demo] {
    action = [&g, gui_dir, gui_demo] { return Gui(g, *gui_dir, *gui_demo); };
  });
}

}  // namespace taxa::cli
