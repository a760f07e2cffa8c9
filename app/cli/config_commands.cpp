// config: show or set the settings for https and ssh remotes.
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>

#include "cli.h"
#include "session/json.h"
#include "session/settings.h"

namespace taxa::cli {

namespace {

struct ConfigArgs {
  bool user = false;  // the user's file instead of the project's own settings
  std::string key;
  std::optional<std::string> value;  // set when given
};

int ConfigCommand(const Globals& g, const ConfigArgs& args) {
  std::unique_ptr<app::Project> s;
  if (!args.user) {
    s = OpenProject(g, app::OpenMode::kReadOnly);
    if (!s) return 1;
  }
  if (args.value) {
    Status set = s ? app::Settings(*s).Set(args.key, *args.value)
                   : app::Settings::SetUser(args.key, *args.value);
    if (!set.ok()) return Fail(set);
  }
  Result<app::Setting> got = s ? app::Settings(*s).Get(args.key) : app::Settings::GetUser(args.key);
  if (!got.ok()) return Fail(got.status());
  if (g.json) {
    std::cout << app::ToJson(*got).dump() << "\n";
    return 0;
  }
  const std::optional<sync::SettingValue>& v = got->value;
  if (!v)
    return Fail(Status::NotFound(args.key + " is not set (" +
                                 (args.user ? "" : "neither in the project nor ") + "in " +
                                 sync::UserConfigPath() + ")"));
  if (args.value)
    std::printf("Set %s = %s (%s)\n", args.key.c_str(), v->value.c_str(),
                v->scope == sync::SettingScope::kProject ? "this project only"
                                                         : sync::UserConfigPath().c_str());
  else
    std::printf("%s\n", v->value.c_str());
  return 0;
}

}  // namespace

void AddConfigCommands(CLI::App& app, Globals& g, Action& action) {
  auto* config =
      app.add_subcommand("config",
                         "Show or set KEY for https and ssh remotes: taxa.caFile, taxa.sshKey, "
                         "taxa.knownHosts, taxa.sshHostKey; taxa.signingKey signs your commits");
  auto args = std::make_shared<ConfigArgs>();
  auto value = std::make_shared<std::string>();
  config->add_flag("--user", args->user,
                   "The user's settings file instead of this project's own (.git/config)");
  config
      ->add_option("KEY", args->key,
                   "taxa.caFile, taxa.sshKey, taxa.knownHosts, "
                   "taxa.sshHostKey or taxa.signingKey")
      ->required();
  auto* value_opt = config->add_option("VALUE", *value, "Set KEY to this");
  config->callback([&, args, value, value_opt] {
    if (value_opt->count() > 0) args->value = *value;
    action = [&g, args] { return ConfigCommand(g, *args); };
  });
}

}  // namespace taxa::cli
