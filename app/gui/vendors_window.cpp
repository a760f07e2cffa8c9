// The Vendors window (vendors_window.h).
#include "gui/vendors_window.h"

#include <algorithm>
#include <cstdio>

#include "gui/style.h"
#include "imgui.h"

namespace taxa::gui {

namespace {

std::string Pct(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f%%", v * 100);
  return text;
}

std::string Fixed(double v, int digits) {
  char text[48];
  std::snprintf(text, sizeof text, "%.*f", digits, v);
  return text;
}

std::string Money(double v, const std::string& currency) {
  return Fixed(v, 2) + (currency.empty() ? "" : " " + currency);
}

bool Missed(const core::WorkFigures& f, const char* name) {
  return std::find(f.missed.begin(), f.missed.end(), name) != f.missed.end();
}

std::string Joined(const std::set<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

void Cell(const VendorCell& c) {
  ImGui::TableNextColumn();
  if (c.missed) {
    ImGui::TextColored(colors::kError, "%s %s %s", c.text.c_str(), c.above ? ">" : "<",
                       c.target.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("misses its target of %s", c.target.c_str());
  } else {
    ImGui::TextUnformatted(c.text.c_str());
  }
}

void Cells(const VendorRowText& t) {
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(t.annotators.c_str());
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(t.items.c_str());
  Cell(t.items_per_hour);
  Cell(t.accuracy);
  Cell(t.agreement);
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(t.rework.c_str());
  Cell(t.turnaround);
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(t.cost.c_str());
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(t.cost_per_accepted.c_str());
}

bool AnyMissed(const VendorRowText& t) {
  return t.items_per_hour.missed || t.accuracy.missed || t.agreement.missed ||
         t.turnaround.missed;
}

void DrawTerms(const VendorsData& d) {
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                     ImGuiTableFlags_PadOuterX | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("terms", 5, kFlags)) return;
  ImGui::TableSetupColumn("Vendor");
  ImGui::TableSetupColumn("Annotators");
  ImGui::TableSetupColumn("Teams");
  ImGui::TableSetupColumn("Rate");
  ImGui::TableSetupColumn("Targets");
  ImGui::TableHeadersRow();
  for (const auto& [vendor, annotators] : d.vendors) {
    ImGui::PushID(vendor.c_str());
    auto terms = d.terms.find(vendor);
    const core::VendorTerms none;
    const core::VendorTerms& t = terms != d.terms.end() ? terms->second : none;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextColored(colors::kAccent, "%s", vendor.c_str());
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", Joined(annotators).c_str());
    ImGui::TableNextColumn();
    std::string teams;
    for (const auto& [team, members] : t.teams)
      teams += (teams.empty() ? "" : "; ") + team + ": " + Joined(members);
    ImGui::TextWrapped("%s", teams.empty() ? "-" : teams.c_str());
    ImGui::TableNextColumn();
    const std::string rate = FormatRate(t.rate);
    ImGui::TextUnformatted(rate.empty() ? "-" : rate.c_str());
    ImGui::TableNextColumn();
    const std::string targets = FormatTargets(t.targets);
    ImGui::TextWrapped("%s", targets.empty() ? "-" : targets.c_str());
    ImGui::PopID();
  }
  ImGui::EndTable();
}

void DrawReport(const VendorsData& d) {
  const core::VendorReport& r = *d.report;
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                     ImGuiTableFlags_PadOuterX | ImGuiTableFlags_SizingFixedFit |
                                     ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY;
  if (!ImGui::BeginTable("report", 10, kFlags, ImVec2(0, 0))) return;
  const float em = ImGui::GetFontSize();
  ImGui::TableSetupScrollFreeze(1, 1);
  ImGui::TableSetupColumn("Vendor / annotator", ImGuiTableColumnFlags_WidthFixed, em * 11);
  ImGui::TableSetupColumn("People");
  ImGui::TableSetupColumn("Items");
  ImGui::TableSetupColumn("Items/h");
  ImGui::TableSetupColumn("Accuracy");
  ImGui::TableSetupColumn("Agreement");
  ImGui::TableSetupColumn("Rework");
  ImGui::TableSetupColumn("Turnaround h");
  ImGui::TableSetupColumn("Cost");
  ImGui::TableSetupColumn("Cost/accepted");
  ImGui::TableHeadersRow();
  for (const core::VendorReportRow& v : r.vendors) {
    auto terms = d.terms.find(v.name);
    const core::VendorTargets targets =
        terms != d.terms.end() ? terms->second.targets : core::VendorTargets{};
    const VendorRowText t = VendorRowTextOf(v, targets);
    ImGui::PushID(v.name.c_str());
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::PushStyleColor(ImGuiCol_Text, AnyMissed(t) ? colors::kError : colors::kAccent);
    const bool open = ImGui::TreeNodeEx(
        "vendor", ImGuiTreeNodeFlags_SpanFullWidth | ImGuiTreeNodeFlags_DefaultOpen, "%s",
        t.name.c_str());
    ImGui::PopStyleColor();
    Cells(t);
    if (open) {
      for (const core::VendorReportRow& team : r.teams) {
        if (team.vendor != v.name) continue;
        const VendorRowText tt = VendorRowTextOf(team, targets);
        ImGui::PushID(("team/" + team.name).c_str());
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TreeNodeEx("team", ImGuiTreeNodeFlags_Leaf | ImGuiTreeNodeFlags_NoTreePushOnOpen,
                          "team %s", team.name.c_str());
        Cells(tt);
        ImGui::PopID();
      }
      for (const core::VendorReportRow& a : r.annotators) {
        if (a.vendor != v.name) continue;
        const VendorRowText at = VendorRowTextOf(a, targets);
        ImGui::PushID(("annotator/" + a.name).c_str());
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TreeNodeEx("annotator",
                          ImGuiTreeNodeFlags_Leaf | ImGuiTreeNodeFlags_NoTreePushOnOpen, "%s%s",
                          a.name.c_str(), a.team.empty() ? "" : (" (" + a.team + ")").c_str());
        Cells(at);
        ImGui::PopID();
      }
      ImGui::TreePop();
    }
    ImGui::PopID();
  }
  ImGui::EndTable();
}

}  // namespace

VendorsData ReadVendors(app::Project& project, const VendorsKey&) {
  VendorsData d;
  app::Vendors vendors(project);
  const core::ProjectSettings& settings = vendors.Settings();
  d.vendors = settings.vendors;
  d.terms = settings.vendor_terms;
  Result<core::VendorReport> r = vendors.Report();
  if (r.ok()) {
    d.report = std::move(*r);
  } else {
    d.error = r.status().message();
  }
  return d;
}

Status StartVendorsRead(app::ProjectHost& host, const VendorsKey& key, VendorsWindow& vendors) {
  return StartBackgroundRead(host, "Reading the vendor report", key, vendors.read, ReadVendors);
}

void RefreshVendorsWindow(app::Project& project, uint64_t generation, VendorsWindow& vendors) {
  ReadNow(project, VendorsKey{generation, project.revision()}, vendors.read, ReadVendors);
}

VendorRowText VendorRowTextOf(const core::VendorReportRow& row,
                              const core::VendorTargets& targets) {
  const core::WorkFigures& f = row.figures;
  VendorRowText t;
  t.name = row.name.empty() ? "(no vendor)" : row.name;
  t.annotators = std::to_string(f.annotators);
  t.items = std::to_string(f.items_labeled);
  t.items_per_hour = {f.items_per_hour ? Fixed(*f.items_per_hour, 1) : "-",
                      Missed(f, "items_per_hour"),
                      targets.items_per_hour ? Fixed(*targets.items_per_hour, 0) : ""};
  t.accuracy = {f.accuracy ? Pct(*f.accuracy) : "-", Missed(f, "accuracy"),
                targets.accuracy ? Pct(*targets.accuracy) : ""};
  t.agreement = {f.agreement ? Pct(*f.agreement) : "-", Missed(f, "agreement"),
                 targets.agreement ? Pct(*targets.agreement) : ""};
  t.rework = f.rework ? Pct(*f.rework) : "-";
  t.turnaround = {f.turnaround_median_hours ? Fixed(*f.turnaround_median_hours, 1) + " / " +
                                                  Fixed(*f.turnaround_p90_hours, 1)
                                            : "-",
                  Missed(f, "turnaround_hours"),
                  targets.turnaround_hours ? Fixed(*targets.turnaround_hours, 0) : "", true};
  t.cost = f.cost ? Money(*f.cost, f.currency) : "-";
  t.cost_per_accepted = f.cost_per_accepted ? Money(*f.cost_per_accepted, f.currency) : "-";
  return t;
}

std::string FormatRate(const std::optional<core::VendorRate>& rate) {
  if (!rate) return "";
  return Money(rate->amount, rate->currency) + " per " + rate->per;
}

std::string FormatTargets(const core::VendorTargets& t) {
  std::string out;
  auto add = [&](const std::string& s) { out += (out.empty() ? "" : ", ") + s; };
  if (t.accuracy) add("accuracy >= " + Pct(*t.accuracy));
  if (t.agreement) add("agreement >= " + Pct(*t.agreement));
  if (t.items_per_hour) add("items/h >= " + Fixed(*t.items_per_hour, 0));
  if (t.turnaround_hours) add("turnaround (90th pct) <= " + Fixed(*t.turnaround_hours, 0) + " h");
  return out;
}

void DrawVendorsWindow(VendorsWindow& vendors, bool reading) {
  VendorsUi& ui = vendors.ui;
  const VendorsData& d = vendors.read.data;
  ImGui::PushFont(HeadingFont());
  ImGui::TextUnformatted("Vendors");
  ImGui::PopFont();
  ImGui::SameLine(0, 16);
  ImGui::AlignTextToFramePadding();
  if (reading)
    ImGui::TextColored(colors::kWarn, "reading the labels...");
  else
    ImGui::TextColored(colors::kDim,
                       "terms from taxa.json; figures from the current labels, "
                       "gold and reviews");
  const char* back = "Back to labeling";
  float back_width = ImGui::CalcTextSize(back).x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - back_width);
  if (ImGui::Button(back)) ui.visible = false;
  if (!vendors.read.read_once()) {
    ImGui::TextColored(colors::kDim, "Reading...");
    return;
  }
  if (!d.error.empty()) {
    ImGui::TextColored(colors::kError, "%s", d.error.c_str());
    return;
  }
  if (d.vendors.empty())
    ImGui::TextWrapped(
        "No vendors in taxa.json yet: add one with `taxa vendors set NAME --add "
        "ANNOTATOR ...`.");
  else
    DrawTerms(d);
  ImGui::Spacing();
  if (!d.report || d.report->vendors.empty()) return;
  ImGui::PushFont(HeadingFont());
  ImGui::TextUnformatted("Report");
  ImGui::PopFont();
  ImGui::SameLine(0, 16);
  ImGui::AlignTextToFramePadding();
  ImGui::TextColored(colors::kDim, "open a vendor for its teams and annotators; red: misses its target");
  const uint64_t unmeasured = d.report->turnaround_unmeasured;
  const std::string apart =
      unmeasured == 0 ? ""
                      : " " + std::to_string(unmeasured) +
                            (unmeasured == 1 ? " first label" : " first labels") +
                            " not measured (no time, or older than the item's import).";
  ImGui::PushStyleColor(ImGuiCol_Text, colors::kDim);
  ImGui::TextWrapped(
      "Turnaround: hours from an item's import to the annotator's first label of it, median / "
      "90th percentile (a turnaround target holds for the 90th percentile).%s",
      apart.c_str());
  ImGui::PopStyleColor();
  DrawReport(d);
}

}  // namespace taxa::gui
