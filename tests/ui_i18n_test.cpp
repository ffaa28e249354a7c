// ui_i18n_test.cpp: the two languages, the tour and classroom links, headless (issue 10).
//
//   - every key of the string table has both languages, and both sides of a key have the same
//     printf placeholders in the same order;
//   - every text the core writes into the experiments tab (titles, claims, verdicts, chart titles,
//     axis labels, legends) has a Chinese phrase, for every experiment (quick runs);
//   - with each language's font atlas built as the app builds it, every character of every string
//     the UI can show (the table, the core phrases in use, the tour's verdicts) has a glyph of its
//     own: no fallback character; the app draws frames with every window, the tour at each step and
//     the classroom dialog open;
//   - the hash's view keys: lang, tour and hide parsed, malformed values refused with a message.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "api.h"
#include "app.h"
#include "classroom.h"
#include "experiments/experiments.h"
#include "files.h"
#include "io/url.h"
#include "fonts_cjk.h"
#include "i18n/i18n.h"
#include "imgui.h"
#include "tour.h"

using namespace relulab;

namespace {

// Every text of an experiment's result that the tab shows.
std::vector<std::string> result_texts(const ExperimentResult& r) {
  std::vector<std::string> t = {r.title, r.claim, r.verdict};
  for (const Chart& c : r.charts) {
    t.push_back(c.title);
    t.push_back(c.x_label);
    t.push_back(c.y_label);
    for (const std::string& k : c.categories) t.push_back(k);
    for (const Series& s : c.series) t.push_back(s.name);
  }
  return t;
}

const std::vector<ExperimentResult>& quick_results() {
  static const std::vector<ExperimentResult> results = [] {
    std::vector<ExperimentResult> r;
    ExperimentOptions o;
    o.quick = true;
    for (int k = 0; k < experiment_count; ++k)
      r.push_back(run_experiment(static_cast<ExperimentKind>(k), o, nullptr));
    return r;
  }();
  return results;
}

// UTF-8 -> code points.
std::vector<unsigned> code_points(const std::string& s) {
  std::vector<unsigned> out;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    unsigned cp = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
    for (int k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += n;
  }
  return out;
}

// The characters of `text` the current font has no glyph of its own for ("" when none).
std::string missing_glyphs(const std::string& text) {
  ImFont* font = ImGui::GetFont();
  std::string missing;
  for (unsigned cp : code_points(text)) {
    if (cp == '\n' || cp == '\t') continue;
    if (!font->FindGlyphNoFallback(static_cast<ImWchar>(cp))) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "U+%04X ", cp);
      missing += buf;
    }
  }
  return missing;
}

// One frame in which a window draws `texts`; returns those with characters the atlas lacks.
std::vector<std::string> render_and_check(AppState& app, const std::vector<std::string>& texts) {
  std::vector<std::string> bad;
  app_frame(app);  // rebuilds the atlas for the language if needed
  ImGui::NewFrame();
  ImGui::Begin("every string");
  for (const std::string& t : texts) {
    ImGui::TextUnformatted(t.c_str());
    const std::string m = missing_glyphs(t);
    if (!m.empty()) bad.push_back(m + "in: " + t.substr(0, 60));
  }
  ImGui::End();
  ImGui::Render();
  return bad;
}

void switch_to(AppState& app, Lang lang) {
  request_language(app, lang, true);
  app_frame(app);
  REQUIRE(language() == lang);
}

}  // namespace

TEST_CASE("every key has both languages, with the same placeholders") {
  const StringEntry* table = string_table();
  std::set<std::string> keys;
  for (int k = 0; k < str_count; ++k) {
    const StringEntry& e = table[k];
    const std::string key = e.key;
    CAPTURE(key);
    CHECK(keys.insert(e.key).second);
    CHECK(std::string(e.text[0]).size() > 0);
    CHECK(std::string(e.text[1]).size() > 0);
    CHECK(format_placeholders(e.text[0]) == format_placeholders(e.text[1]));
    // English is shown with ImGui's default font: Latin-1, plus the "中文" of the language switch
    for (unsigned cp : code_points(e.text[0]))
      CHECK_MESSAGE((cp < 0x100 || cp == 0x4E2D || cp == 0x6587), "a character English cannot show: ", key);
  }
}

TEST_CASE("placeholders are compared exactly") {
  CHECK(format_placeholders("%d of %d, %.1f%%") == std::vector<std::string>{"d", "d", ".1f"});
  CHECK(format_placeholders("%s: %ld %+.3f") == std::vector<std::string>{"s", "ld", "+.3f"});
  CHECK(format_placeholders("%.2f %d") != format_placeholders("%d %.2f"));
}

TEST_CASE("core text is translated by phrase, its numbers kept") {
  set_language(Lang::zh);
  CHECK(core_phrase_pattern("Circle, width 8: test accuracy 97.5%") == "Circle, width %s: test accuracy %s");
  CHECK(core_phrase_pattern("L1 at x2 = 2^-12") == "L1 at x2 = %s^-%s");
  CHECK(tr_core("an unknown sentence") == "an unknown sentence");
  set_language(Lang::en);
  CHECK(tr_core("Confirmed: anything") == "Confirmed: anything");
}

TEST_CASE("every text of the experiments tab has a Chinese phrase") {
  std::set<std::string> missing;
  for (const ExperimentResult& r : quick_results())
    for (const std::string& t : result_texts(r))
      if (!t.empty() && !core_phrase_known(t)) missing.insert(core_phrase_pattern(t));
  for (int k = 0; k < experiment_count; ++k) {
    const std::string title = experiment_title(static_cast<ExperimentKind>(k));
    if (!core_phrase_known(title)) missing.insert(core_phrase_pattern(title));
  }
  for (const std::string& m : missing) MESSAGE("no Chinese phrase for: ", m);
  CHECK(missing.empty());
}

TEST_CASE("every string renders with glyphs of its own, in both languages") {
  AppState app;
  AppOptions options;
  REQUIRE(app_init(app, options).empty());
  for (Lang lang : {Lang::en, Lang::zh}) {
    const std::string code = lang_code(lang);
    CAPTURE(code);
    switch_to(app, lang);
    if (lang == Lang::zh) {  // Chinese glyphs at 16 px or more (an em square: the advance of 中)
      const ImFontGlyph* g = ImGui::GetFont()->FindGlyphNoFallback(0x4E2D);
      REQUIRE(g);
      CHECK(g->AdvanceX * ImGui::GetIO().FontGlobalScale >= cjk_font_pixels - 0.5f);
    }
    std::vector<std::string> texts;
    for (int k = 0; k < str_count; ++k) texts.push_back(string_table()[k].text[static_cast<int>(lang)]);
    for (const ExperimentResult& r : quick_results())
      for (const std::string& t : result_texts(r)) texts.push_back(tr_core(t));
    for (int step = 1; step <= tour_step_count; ++step) {  // every tour step: before and after its action
      REQUIRE(tour_open(app, step));
      texts.push_back(app.tour.verdict);
      tour_do_action(app);
      step_training(app, 600);
      tour_update(app);
      CHECK_MESSAGE(app.tour.verdict_ready, "step ", step, ": ", app.tour.verdict);
      texts.push_back(app.tour.verdict);
      for (int f = 0; f < 3; ++f) app_frame(app);  // the tour window and its frames
    }
    tour_exit(app);
    app.classroom.dialog_open = true;
    for (int f = 0; f < 3; ++f) app_frame(app);
    app.classroom.dialog_open = false;
    const std::vector<std::string> bad = render_and_check(app, texts);
    for (const std::string& b : bad) MESSAGE("missing glyph: ", b);
    CHECK(bad.empty());
  }
  app_shutdown(app);
}

TEST_CASE("view keys in the hash: lang, tour, hide; malformed values refused") {
  ViewKeys k;
  std::string config;
  CHECK(split_view_keys("data=spiral&v=1&lang=zh&tour=2&hide=network,instruments", &k, &config) == "");
  CHECK(config == "data=spiral&v=1");
  CHECK((k.has_lang && k.lang == Lang::zh && k.has_tour && k.tour == 2 && k.has_hide));
  CHECK(part_list(k.hide) == "network,instruments");
  CHECK(split_view_keys("hide=network%2Closs", &k, &config) == "");
  CHECK(part_list(k.hide) == "loss,network");
  for (const char* bad : {"lang=fr", "lang=", "lang=ZH", "tour=0", "tour=7", "tour=2x", "tour=", "tour=-1",
                          "hide=", "hide=network,", "hide=bogus", "lang=en&lang=zh", "tour=1&tour=2"}) {
    CAPTURE(bad);
    ViewKeys before;
    std::string rest = "unchanged";
    CHECK(split_view_keys(bad, &before, &rest) != "");
    CHECK(rest == "unchanged");
  }
}

TEST_CASE("a malformed hash changes nothing in the app") {
  AppState app;
  AppOptions options;
  REQUIRE(app_init(app, options).empty());
  app_receive_file(app, FileAction::url_hash, "URL", "#lang=en&hide=loss&tour=2");
  CHECK(app.run.message.empty());
  CHECK(tour_current(app) == 2);
  const std::string config = config_json(app);
  for (const char* bad : {"#lang=fr", "#tour=9", "#hide=loss,bogus", "#data=spiral&v=1&tour=abc"}) {
    CAPTURE(bad);
    app.run.message.clear();
    app_receive_file(app, FileAction::url_hash, "URL", bad);
    CHECK(!app.run.message.empty());
    CHECK(app.language.wanted == Lang::en);
    CHECK(part_list(app.classroom.hidden) == "loss");
    CHECK(tour_current(app) == 2);
    CHECK(config_json(app) == config);
  }
  app_shutdown(app);
}

TEST_CASE("errors the app shows for bad files and links have a Chinese phrase") {
  AppState app;
  AppOptions options;
  REQUIRE(app_init(app, options).empty());
  std::vector<std::string> messages;
  // the malformed links of tests/unit/test_url.cpp
  for (const std::string& bad : std::vector<std::string>{"v=2", "v=1&data=spi", "v=1&lr=", "v=1&lr=nan", "v=1&lr=20", "v=1&noise=0.6", "v=1&points=100001",
        "v=1&points=-5", "v=1&seed=18446744073709551616", "v=1&layers=8:re", "v=1&layers=0:relu", "v=1&layers=8,",
        "v=1&layers=1,1,1,1,1,1,1,1,1,1,1,1,1", "v=1&features=", "v=1&features=x1,x1", "v=1&foo=1", "v=1&v=1",
        "v=1&data", "v=1&data=xor%2", "v=1&data=x or", "v=1&output=softmax_ce", "v=1&batch=0", "data=xor",
        "v=1&data=xor&" + std::string(5000, 'x')}) {
    Config c;  // the core's message, which the app shows inside its own sentence
    messages.push_back(decode_config_url(bad, &c));
  }
  // the malformed files of tests/data
  for (const char* name : {"bad_activation.json", "bad_model_null.json", "bad_model_shape.json", "bad_progress.json",
                           "bad_truncated.json", "bad_units.json", "bad_version.json", "bad_field.csv",
                           "bad_missing.csv", "bad_nan.csv"}) {
    const std::string path = std::string(RELULAB_TEST_DATA) + "/" + name;
    const bool csv = std::string(name).find(".csv") != std::string::npos;
    app.run.message.clear();
    complete_file_action(app, csv ? FileAction::import_csv : FileAction::load_state, path);
    CAPTURE(path);
    const size_t at = app.run.message.find(name);
    CHECK(at != std::string::npos);
    if (at != std::string::npos) messages.push_back(app.run.message.substr(at));  // without the directory
  }
  std::set<std::string> missing;
  for (const std::string& m : messages) {
    CHECK(!m.empty());
    if (!core_phrase_known(m)) missing.insert(core_phrase_pattern(m));
  }
  for (const std::string& m : missing) MESSAGE("no Chinese phrase for: ", m);
  CHECK(missing.empty());
  app_shutdown(app);
}
