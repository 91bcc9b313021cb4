// What one run of a command is given: its parsed operands and options, the streams, and the
// ledger it opens on first use. Every command handler (cli_handlers.h) works through it.
#pragma once

#include <iosfwd>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "api/cli_commands.h"
#include "ledger/journal.h"
#include "ledger/status.h"

namespace poolbook::api {

// A command line as the parser understood it.
struct Invocation {
  const CommandSpec* command = nullptr;
  std::vector<std::string> operands;           // the operands given, in order
  std::map<std::string, std::string> options;  // "--book" -> "budget"; global options too
  std::set<std::string> flags;                 // "--create-accounts"
};

class CliContext {
 public:
  CliContext(Invocation invocation, std::istream& in, std::ostream& out, std::ostream& err, bool tty)
      : inv_(std::move(invocation)), in(in), out(out), err(err), tty(tty) {}

  // The i-th operand; the parser has checked that every required one is there.
  const std::string& Operand(std::size_t i) const { return inv_.operands.at(i); }
  std::size_t OperandCount() const { return inv_.operands.size(); }
  bool Has(const std::string& option) const { return inv_.options.count(option) > 0; }
  std::string Opt(const std::string& option, const std::string& fallback = "") const;
  bool Flag(const std::string& flag) const { return inv_.flags.count(flag) > 0; }

  // Who the command acts as: --user, else $POOLBOOK_USER, else $USER, else "cli".
  std::string User() const;
  // The ledger's connection string: --db, else poolbook.db.
  std::string Db() const { return Opt("--db", "poolbook.db"); }
  // The ledger named by Db(), opened once per command.
  StatusOr<Journal*> Ledger();

  // Prints the refusal on stderr and returns kExitRefused.
  int Refused(const Status& st);
  // Prints why and the usage text on stderr and returns kExitUsage.
  int Usage(const std::string& why);

 private:
  Invocation inv_;
  std::unique_ptr<Journal> journal_;

 public:
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  const bool tty;  // stderr is a terminal: progress bars are drawn
};

}  // namespace poolbook::api
