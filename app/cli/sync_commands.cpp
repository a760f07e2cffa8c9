// clone, remote add, remote list, sync.
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli.h"
#include "session/json.h"
#include "session/remotes.h"

namespace taxa::cli {

namespace {

int CloneCommand(const Globals& g, const std::string& url, const std::string& dir) {
  Result<std::unique_ptr<app::Project>> s = app::Project::Clone(url, dir, BaseOptions(g));
  if (!s.ok()) return Fail(s.status());
  Result<app::CloneReport> r = app::Remotes(**s).Cloned(url, dir);
  if (!r.ok()) return Fail(r.status());
  if (g.json) {
    std::cout << app::ToJson(*r).dump() << "\n";
    return 0;
  }
  std::printf("Cloned project \"%s\" from %s into %s\n", r->project.c_str(), url.c_str(),
              dir.c_str());
  return 0;
}

int RemoteAdd(const Globals& g, const std::string& name, const std::string& url) {
  auto s = OpenProject(g, app::OpenMode::kWrite);
  if (!s) return 1;
  Status st = app::Remotes(*s).Add(name, url);
  if (!st.ok()) return Fail(st);
  if (g.json) {
    std::cout << app::ToJson(app::Remote{name, url}).dump() << "\n";
    return 0;
  }
  std::printf("Added remote %s: %s\n", name.c_str(), url.c_str());
  return 0;
}

int RemoteList(const Globals& g) {
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  auto remotes = app::Remotes(*s).List();
  if (!remotes.ok()) return Fail(remotes.status());
  if (g.json) {
    std::cout << app::ToJson(*remotes).dump() << "\n";
    return 0;
  }
  for (const app::Remote& r : *remotes) std::printf("%s\t%s\n", r.name.c_str(), r.url.c_str());
  return 0;
}

int SyncCommand(const Globals& g, std::string remote) {
  auto s = OpenProject(g, app::OpenMode::kWrite);
  if (!s) return 1;
  if (remote.empty()) {
    Result<std::string> chosen = app::Remotes(*s).DefaultRemote();
    if (!chosen.ok()) return Fail(chosen.status());
    remote = *chosen;
  }
  Result<app::SyncReport> r = app::Remotes(*s).Sync(remote);
  if (!r.ok()) return Fail(r.status());
  if (g.json) {
    std::cout << app::ToJson(*r).dump() << "\n";
    return 0;
  }
  std::printf("Synced with %s: %s\n", remote.c_str(), app::DescribeSync(remote, *r).c_str());
  return 0;
}

}  // namespace

void AddSyncCommands(CLI::App& app, Globals& g, Action& action) {
  auto* clone = app.add_subcommand("clone", "Copy the project at URL into DIR (remote \"origin\")");
  auto clone_url = std::make_shared<std::string>();
  auto clone_dir = std::make_shared<std::string>();
  clone->add_option("URL", *clone_url, "A path, file://, git://, ssh:// or https:// URL")
      ->required();
  clone->add_option("DIR", *clone_dir, "Folder to create")->required();
  clone->callback([&, clone_url, clone_dir] {
    action = [&g, clone_url, clone_dir] { return CloneCommand(g, *clone_url, *clone_dir); };
  });

  auto* remote = app.add_subcommand("remote", "List the project's remotes, or add one");
  remote->callback([&, remote] {
    if (remote->get_subcommands().empty()) action = [&g] { return RemoteList(g); };
  });
  auto* add = remote->add_subcommand("add", "Add remote NAME at URL");
  auto add_name = std::make_shared<std::string>();
  auto add_url = std::make_shared<std::string>();
  add->add_option("NAME", *add_name, "The remote's name, e.g. origin")->required();
  add->add_option("URL", *add_url, "A path, file://, git://, ssh:// or https:// URL")->required();
  add->callback([&, add_name, add_url] {
    action = [&g, add_name, add_url] { return RemoteAdd(g, *add_name, *add_url); };
  });
  auto* list = remote->add_subcommand("list", "List remotes: name and url");
  list->callback([&] { action = [&g] { return RemoteList(g); }; });

  auto* sync = app.add_subcommand(
      "sync", "Commit, fetch, merge and push with remote NAME (default: the only one, or origin)");
  auto sync_remote = std::make_shared<std::string>();
  sync->add_option("NAME", *sync_remote, "The remote to sync with");
  sync->callback(
      [&, sync_remote] { action = [&g, sync_remote] { return SyncCommand(g, *sync_remote); }; });
}

}  // namespace taxa::cli
