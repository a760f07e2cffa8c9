// The real taxa-gui binary under Xvfb: a child process with its own
// environment, an Xvfb server on a free display, and where screenshots go.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "support/test_support.h"

namespace taxa::gui::testing {

inline const std::string kGui = TAXA_BINARY_DIR "/taxa-gui";

inline bool OnPath(const std::string& program) {
  return ::taxa::testing::RunCommand("command -v " + program).exit_code == 0;
}

// A child process started with extra environment variables and its output sent
// to files; killed on destruction if still running.
class Child {
 public:
  Child(const std::vector<std::string>& argv, const std::vector<std::string>& env,
        const std::string& log) {
    pid_ = ::fork();
    if (pid_ == 0) {
      for (const std::string& e : env) ::putenv(const_cast<char*>(e.c_str()));
      int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd >= 0) {
        ::dup2(fd, 1);
        ::dup2(fd, 2);
      }
      std::vector<char*> args;
      for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      ::execvp(args[0], args.data());
      ::_exit(127);
    }
  }
  ~Child() {
    if (running()) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  bool running() {
    if (pid_ <= 0 || exit_code_) return false;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      return false;
    }
    return true;
  }
  // The exit code, waiting up to `timeout`; nullopt when it is still running.
  std::optional<int> Wait(std::chrono::seconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (running() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return exit_code_;
  }
  void Terminate() {
    if (running()) {
      ::kill(pid_, SIGTERM);
      Wait(std::chrono::seconds(5));
    }
  }

 private:
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
};

// An Xvfb server on the first free display from :99 up, with one screen of
// `screen` ("WIDTHxHEIGHTxDEPTH").
class Xvfb {
 public:
  explicit Xvfb(const std::string& log_dir, const std::string& screen = "1280x800x24") {
    for (int n = 99; n < 160 && !server_; ++n) {
      std::string socket = "/tmp/.X11-unix/X" + std::to_string(n);
      if (std::filesystem::exists(socket) ||
          std::filesystem::exists("/tmp/.X" + std::to_string(n) + "-lock"))
        continue;
      auto server = std::make_unique<Child>(
          std::vector<std::string>{"Xvfb", ":" + std::to_string(n), "-screen", "0", screen,
                                   "-nolisten", "tcp"},
          std::vector<std::string>{}, log_dir + "/xvfb.log");
      auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (server->running() && !std::filesystem::exists(socket) &&
             std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      if (server->running() && std::filesystem::exists(socket)) {
        server_ = std::move(server);
        display_ = ":" + std::to_string(n);
      }
      // Else another server took that number first: try the next one.
    }
  }
  ~Xvfb() {
    if (server_) server_->Terminate();
  }
  bool ok() const { return server_ != nullptr; }
  const std::string& display() const { return display_; }

 private:
  std::unique_ptr<Child> server_;
  std::string display_;
};

// Where a window test writes its screenshot `name`: $TAXA_SCREENSHOT_DIR when
// set (to keep and look at it), else `tmp`.
inline std::string ScreenshotPath(const std::string& tmp, const std::string& name) {
  const char* keep = std::getenv("TAXA_SCREENSHOT_DIR");
  return (keep != nullptr ? std::string(keep) : tmp) + "/" + name;
}

}  // namespace taxa::gui::testing

// Skips the test, saying what to install, where Xvfb or xdotool is missing.
#define TAXA_REQUIRE_X()                                                          \
  do {                                                                            \
    if (!::taxa::gui::testing::OnPath("Xvfb"))                                    \
      GTEST_SKIP() << "Xvfb is not installed (apt install xvfb)";                 \
    if (!::taxa::gui::testing::OnPath("xdotool"))                                \
      GTEST_SKIP() << "xdotool is not installed (apt install xdotool)";           \
  } while (0)
