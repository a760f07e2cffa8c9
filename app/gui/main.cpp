// taxa-gui: the desktop face of Taxa. Owns the window, the GL context and the main
// loop; every view, view-model and command lives in taxa_gui_lib.
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <GL/gl.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "gui/event_pump.h"
#include "gui/frame.h"
#include "gui/key_queue.h"
#include "gui/paths.h"
#include "gui/screenshot.h"
#include "gui/style.h"
#include "imgui.h"

namespace taxa::gui {
namespace {

constexpr const char* kUsage =
    "usage: taxa-gui [--as NAME] [DIR]\n"
    "       taxa-gui --demo [DIR] [--as NAME]\n"
    "\n"
    "Opens the Taxa project in DIR for labeling, or shows the Open/Create screen\n"
    "when no DIR is given.\n"
    "\n"
    "  --demo [DIR]      create the demo project in DIR (default: $XDG_DATA_HOME/taxa/demo\n"
    "                    or ~/.local/share/taxa/demo) and open it; open it if it exists\n"
    "  --as NAME         label as annotator NAME (default: $TAXA_USER, git config, $USER)\n"
    "  --screenshot FILE write a PNG of the window after --frames frames (or on quit)\n"
    "  --frames N        render N frames once the project is open, then exit\n"
    "  --window NAME     start in window NAME: label (the default), sync, quality, log,\n"
    "                    taxonomy, history, review, errors, actions or vendors\n"
    "  --help            show this help\n"
    "\n"
    "Keys: 1-9 and 0 tick a category, Shift+1-9 open it, / find one by name (Enter\n"
    "ticks it), Backspace up a level, A the attribute fields, N the note, Enter submit,\n"
    "Tab skip, Del clear your label, Ctrl+Z undo, Up/Down move, R the calibration\n"
    "round's next item, Ctrl+F search the items, Ctrl+S save labels, Ctrl+O open,\n"
    "Ctrl+Q quit, F6 or Ctrl+Shift+Y the Sync window, F7 the Quality window\n"
    "(agreement, confusion, annotators against consensus, calibration rounds),\n"
    "F8 the Log window (every operation; select one to see what it changed), F9 the\n"
    "Taxonomy editor (the whole tree: drag to move; the selected category's fields),\n"
    "F10 the History window (the taxonomy's changes and releases; a slider, or Left and\n"
    "Right, replays the tree as it stood; the changes between two points, field by field:\n"
    "[ and ] set them to the slider's point, T and D pick the tree or the changes),\n"
    "F11 the Review window (a sampling plan's review queue: A accept, 1-9 error types\n"
    "then R reject, C correct to the chosen category), F12 the Error analysis window\n"
    "(defect rate with its 95% Wilson interval, by category, annotator, vendor, rule or\n"
    "release; the Pareto of error types; the trend per day or week), F5 the Actions\n"
    "window (ranked data actions with their evidence; Queue relabel makes a review plan,\n"
    "Open in editor shows the category in F9), F4 the Vendors window (teams, rates,\n"
    "targets; items/h, accuracy, agreement, rework and cost per vendor and annotator).\n";

constexpr const char* kNoDisplay =
    "taxa-gui: no display available (set DISPLAY or run under Xvfb); use the taxa command line "
    "instead\n";

struct Options {
  std::string dir;
  bool demo = false;
  std::string user;
  std::string screenshot;
  long frames = 0;  // 0: until the user quits
  std::string window = "label";
  bool help = false;
};

Result<Options> ParseArgs(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](const char* what) -> Result<std::string> {
      if (i + 1 >= argc) return Status::InvalidInput(arg + " needs " + what);
      return std::string(argv[++i]);
    };
    if (arg == "--help" || arg == "-h") {
      o.help = true;
    } else if (arg == "--demo") {
      o.demo = true;
    } else if (arg == "--as") {
      TAXA_ASSIGN_OR_RETURN(o.user, value("an annotator name"));
    } else if (arg == "--screenshot") {
      TAXA_ASSIGN_OR_RETURN(o.screenshot, value("a file name"));
    } else if (arg == "--frames") {
      TAXA_ASSIGN_OR_RETURN(std::string n, value("a number"));
      char* end = nullptr;
      o.frames = std::strtol(n.c_str(), &end, 10);
      if (end == n.c_str() || *end != '\0' || o.frames <= 0)
        return Status::InvalidInput("--frames needs a positive number, not \"" + n + "\"");
    } else if (arg == "--window") {
      TAXA_ASSIGN_OR_RETURN(o.window,
                            value("a window name (label, sync, quality, log, taxonomy, history, review, "
                                  "errors, actions or vendors)"));
      if (o.window != "label" && o.window != "sync" && o.window != "quality" &&
          o.window != "log" && o.window != "taxonomy" && o.window != "history" &&
          o.window != "review" && o.window != "errors" && o.window != "actions" &&
          o.window != "vendors")
        return Status::InvalidInput(
            "--window takes label, sync, quality, log, taxonomy, history, review, errors, "
            "actions or vendors, not \"" +
                                    o.window + "\"");
    } else if (!arg.empty() && arg[0] == '-') {
      return Status::InvalidInput("unknown option " + arg);
    } else if (o.dir.empty()) {
      o.dir = arg;
    } else {
      return Status::InvalidInput("one project folder at a time (got \"" + o.dir + "\" and \"" +
                                  arg + "\")");
    }
  }
  return o;
}

bool HasDisplay() {
  const char* x = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  return (x != nullptr && *x != '\0') || (wayland != nullptr && *wayland != '\0');
}

// True when the user is doing something, so frames should follow quickly.
bool InputActive(const ImGuiIO& io) {
  if (io.MouseDelta.x != 0 || io.MouseDelta.y != 0 || io.MouseWheel != 0 ||
      io.MouseWheelH != 0 || io.InputQueueCharacters.Size > 0)
    return true;
  for (bool down : io.MouseDown)
    if (down) return true;
  for (bool down : io.KeysDown)
    if (down) return true;
  return false;
}

int Run(const Options& options) {
  if (!HasDisplay() || !glfwInit()) {
    std::fputs(kNoDisplay, stderr);
    return 1;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);

  float scale = 1.0f;
  int width = 1280;
  int height = 800;
  if (GLFWmonitor* monitor = glfwGetPrimaryMonitor()) {
    float sx = 1, sy = 1;
    glfwGetMonitorContentScale(monitor, &sx, &sy);
    scale = std::clamp(std::max(sx, sy), 1.0f, 4.0f);
    int x = 0, y = 0, w = 0, h = 0;
    glfwGetMonitorWorkarea(monitor, &x, &y, &w, &h);
    width = static_cast<int>(static_cast<float>(width) * scale);
    height = static_cast<int>(static_cast<float>(height) * scale);
    if (w > 0) width = std::min(width, w);
    if (h > 0) height = std::min(height, h);
  }
  GLFWwindow* window = glfwCreateWindow(width, height, "Taxa", nullptr, nullptr);
  if (window == nullptr) {
    const char* why = nullptr;
    glfwGetError(&why);
    std::fprintf(stderr, "taxa-gui: cannot create an OpenGL 3 window: %s\n",
                 why != nullptr ? why : "unknown reason");
    glfwTerminate();
    return 1;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the layout is fixed; nothing worth a file in the cwd
  Status fonts = LoadFonts(scale);
  if (!fonts.ok()) std::fprintf(stderr, "taxa-gui: %s\n", fonts.message().c_str());
  ApplyStyle(scale);
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 130");
  // Keys and characters go through a queue that lets every press last a
  // frame (key_queue.h); the backend's own callbacks get them from there.
  KeyQueue keys;
  EventPump pump(keys);  // presses faster than a millisecond reach the queue too
  glfwSetWindowUserPointer(window, &keys);
  glfwSetKeyCallback(window, [](GLFWwindow* w, int key, int scancode, int action, int mods) {
    static_cast<KeyQueue*>(glfwGetWindowUserPointer(w))
        ->Push({.kind = InputEvent::Kind::kKey,
                .key = key,
                .scancode = scancode,
                .action = action,
                .mods = mods});
  });
  glfwSetCharCallback(window, [](GLFWwindow* w, unsigned int c) {
    static_cast<KeyQueue*>(glfwGetWindowUserPointer(w))
        ->Push({.kind = InputEvent::Kind::kChar, .codepoint = c});
  });

  app::ProjectHost host({.user = options.user, .mode = app::OpenMode::kPreferWrite});
  Selection selection;
  LabelWorkspace workspace;
  ProjectUi project;
  StatusLine status;
  project.demo_dir = DefaultDemoDir();
  project.focus_section = true;
  GuiParts parts{host, selection, workspace, project, status};
  parts.sync.ui.visible = options.window == "sync";
  parts.quality.ui.visible = options.window == "quality";
  parts.log.ui.visible = options.window == "log";
  parts.editor.ui.visible = options.window == "taxonomy";
  parts.history.ui.visible = options.window == "history";
  parts.review.ui.visible = options.window == "review";
  parts.errors.ui.visible = options.window == "errors";
  parts.actions.ui.visible = options.window == "actions";
  parts.vendors.ui.visible = options.window == "vendors";
  ApplyTarget start{host, selection};
  if (options.demo) {
    project.demo_dir = options.dir.empty() ? DefaultDemoDir() : options.dir;
    status.Report(Apply(CreateDemo{.dir = project.demo_dir}, start));
  } else if (!options.dir.empty()) {
    project.open_dir = options.dir;
    status.Report(Apply(OpenProject{.dir = options.dir}, start));
  }

  int exit_code = 0;
  long frames = 0;
  int idle_frames = 0;
  int hold_frames = 0;      // frames the key queue still waits for a text field
  bool focus_seen = false;  // the pending focus request was seen already
  std::string title = "Taxa";
  Commands commands;
  const ImVec4 clear = colors::kBackground;
  for (;;) {
    // Sleep while nothing happens; any event wakes the loop at once.
    bool lively = host.busy() || options.frames > 0 || idle_frames < 10;
    // Queued keys wait for frames, not for new events.
    pump.Pump(!keys.empty() ? 0.0 : lively ? 1.0 / 60.0 : 0.5, io.WantTextInput);
    bool quit = glfwWindowShouldClose(window) != 0;
    // A text field asked for the keyboard takes it two frames later: keys
    // wait that long (once per request, so one nobody takes up cannot stop
    // them), else the letters typed meanwhile would be lost.
    const bool focus_pending = KeyboardFocusPending(parts);
    if (focus_pending && !focus_seen) hold_frames = 2;
    focus_seen = focus_pending;
    if (hold_frames > 0) {
      --hold_frames;
    } else {
      for (const InputEvent& e : keys.NextFrame()) {
        if (e.kind == InputEvent::Kind::kKey) {
          ImGui_ImplGlfw_KeyCallback(window, e.key, e.scancode, e.action, e.mods);
        } else {
          ImGui_ImplGlfw_CharCallback(window, e.codepoint);
        }
      }
    }

    PrepareFrame(parts);
    std::string wanted = WindowTitle(host);
    if (wanted != title) glfwSetWindowTitle(window, (title = wanted).c_str());

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    idle_frames = InputActive(io) || !keys.empty() ? 0 : idle_frames + 1;
    DrawFrame(parts, commands);
    ImGui::Render();

    int fb_width = 0, fb_height = 0;
    glfwGetFramebufferSize(window, &fb_width, &fb_height);
    glViewport(0, 0, fb_width, fb_height);
    glClearColor(clear.x, clear.y, clear.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    quit |= FinishFrame(parts, commands, ImGui::GetTime());
    // Frames count once the window shows what it will show (no open job,
    // no reader still computing the Quality window's numbers).
    if (!host.busy() && !host.reader_running()) ++frames;
    bool done = options.frames > 0 && frames >= options.frames;
    if (!options.screenshot.empty() && (done || quit)) {
      Status shot = WriteFramebufferPng(options.screenshot, fb_width, fb_height);
      if (!shot.ok()) {
        std::fprintf(stderr, "taxa-gui: %s\n", shot.message().c_str());
        exit_code = 1;
      }
    }
    glfwSwapBuffers(window);
    if (done || quit) break;
  }

  Status closed = host.Close();
  if (!closed.ok()) {
    std::fprintf(stderr,
                 "taxa-gui: could not commit the labels (they stay in the journal and are "
                 "committed on the next open): %s\n",
                 closed.message().c_str());
    exit_code = 1;
  }
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return exit_code;
}

}  // namespace
}  // namespace taxa::gui

int main(int argc, char** argv) {
  try {
    taxa::Result<taxa::gui::Options> options = taxa::gui::ParseArgs(argc, argv);
    if (!options.ok()) {
      std::fprintf(stderr, "taxa-gui: %s (try --help)\n", options.status().message().c_str());
      return 2;
    }
    if (options->help) {
      std::fputs(taxa::gui::kUsage, stdout);
      return 0;
    }
    return taxa::gui::Run(*options);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "taxa-gui: internal error: %s\n", e.what());
    return 1;
  }
}
