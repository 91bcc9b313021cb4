#include "api/cli_parse.h"

#include <CLI/CLI.hpp>
#include <map>
#include <sstream>

namespace poolbook::api {
namespace {

// One command of the table bound to its CLI11 subcommand.
struct Bound {
  const CommandSpec* spec;
  CLI::App* app;
  std::vector<CLI::Option*> operands, options, flags;
};

std::vector<std::string> Words(const char* path) {
  std::vector<std::string> words;
  std::istringstream in(path);
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

// Finds or makes the subcommand named by `words` ("partner add"). A group ("partner") needs
// exactly one of its commands.
CLI::App* Subcommand(CLI::App& root, std::map<std::string, CLI::App*>& made,
                     const std::vector<std::string>& words) {
  CLI::App* parent = &root;
  std::string path;
  for (std::size_t i = 0; i < words.size(); ++i) {
    path += (path.empty() ? "" : " ") + words[i];
    auto [it, fresh] = made.try_emplace(path, nullptr);
    if (fresh) {
      it->second = parent->add_subcommand(words[i]);
      // At most one subcommand per level: then an operand that happens to be a command's name
      // ("show init") is taken as an operand.
      it->second->require_subcommand(i + 1 < words.size() ? 1 : 0, 1);
    }
    parent = it->second;
  }
  return parent;
}

Bound Bind(CLI::App& root, std::map<std::string, CLI::App*>& made, const CommandSpec& spec) {
  Bound b{&spec, Subcommand(root, made, Words(spec.path)), {}, {}, {}};
  for (std::string name : spec.operands) {
    const bool optional = name.back() == '?';
    if (optional) name.pop_back();
    CLI::Option* o = b.app->add_option(name);
    if (!optional) o->required();
    b.operands.push_back(o);
  }
  for (const char* name : spec.options) {
    CLI::Option* o = b.app->add_option(name);
    for (const char* r : spec.required)
      if (std::string(r) == name) o->required();
    b.options.push_back(o);
  }
  for (const char* name : spec.flags) b.flags.push_back(b.app->add_flag(name)->disable_flag_override());
  return b;
}

void Collect(const Bound& b, const std::vector<CLI::Option*>& globals, Invocation& inv) {
  inv.command = b.spec;
  for (CLI::Option* o : b.operands)
    if (o->count() > 0) inv.operands.push_back(o->as<std::string>());
  std::vector<CLI::Option*> options = globals;
  options.insert(options.end(), b.options.begin(), b.options.end());
  for (CLI::Option* o : options)
    if (o->count() > 0) inv.options[o->get_name()] = o->as<std::string>();
  for (CLI::Option* o : b.flags)
    if (o->count() > 0) inv.flags.insert(o->get_name());
}

}  // namespace

ParsedLine ParseCommandLine(const std::vector<std::string>& args) {
  CLI::App root("poolbook", "poolbook");
  root.set_help_flag("--help");
  root.fallthrough();  // inherited: a command passes the global options up to the root
  root.require_subcommand(0, 1);
  root.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  std::vector<CLI::Option*> globals;
  for (const char* name : GlobalOptions()) globals.push_back(root.add_option(name));
  std::map<std::string, CLI::App*> made;
  std::vector<Bound> bound;
  for (const CommandSpec& spec : Commands()) bound.push_back(Bind(root, made, spec));

  ParsedLine line;
  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 reads from the back
    root.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    line.kind = ParsedLine::Kind::kHelp;
    return line;
  } catch (const CLI::ParseError& e) {
    line.error = e.what();
    return line;
  }
  for (const Bound& b : bound) {
    if (!b.app->parsed()) continue;
    line.kind = ParsedLine::Kind::kRun;
    Collect(b, globals, line.invocation);
    return line;
  }
  return line;  // no command
}

}  // namespace poolbook::api
