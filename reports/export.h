// Exports of the whole journal for people outside poolbook, streamed row by row from one read
// transaction (memory does not grow with the journal):
//
//   ExportAudit    the audit CSV with its manifest (reports/audit_export.h).
//   ExportJournal  the plain-text accounting journal for hledger and ledger-cli
//                  (reports/journal_export.h).
//
// Each takes an optional `through`: the id of the last entry to include. Entries are only ever
// appended, so two exports through the same entry write the same bytes, however many entries were
// recorded between them. Without it, an export goes to the last entry of its snapshot.
//
// The ...ToFile variants write to PATH.tmp and rename it into place, so a failed export leaves no
// partial file behind.
#pragma once

#include "reports/audit_export.h"
#include "reports/journal_export.h"
