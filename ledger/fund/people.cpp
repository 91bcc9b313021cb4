#include "ledger/fund/people.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "ledger/entry.h"
#include "ledger/fund/fund.h"
#include "ledger/store/database.h"
#include "ledger/store/people_store.h"

namespace poolbook::fund {
namespace {

// The ten digits of a well-formed number ("9434765919" or "943 476 5919"), or empty.
std::string Digits(std::string_view text) {
  std::string digits;
  const bool grouped = text.size() == 12;
  if (!grouped && text.size() != 10) return "";
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool space_here = grouped && (i == 3 || i == 7);
    if (space_here) {
      if (text[i] != ' ') return "";
      continue;
    }
    if (text[i] < '0' || text[i] > '9') return "";
    digits += text[i];
  }
  return digits;
}

}  // namespace

Status CheckNhsNumber(std::string_view text) {
  const std::string digits = Digits(text);
  if (digits.empty()) {
    return InvalidArgument(
        "the NHS number is not ten digits (with or without a space after the third and the sixth digit)",
        "nhs_number");
  }
  int sum = 0;
  for (int i = 0; i < 9; ++i) sum += (digits[i] - '0') * (10 - i);
  int check = 11 - sum % 11;
  if (check == 11) check = 0;
  if (check == 10 || check != digits[9] - '0') {
    return InvalidArgument(
        "the NHS number is not valid: its check digit does not match; check it was typed correctly",
        "nhs_number");
  }
  return Status::Ok();
}

StatusOr<std::string> PseudonymForNhsNumber(std::string_view nhs_number, std::string_view secret) {
  POOLBOOK_RETURN_IF_ERROR(CheckNhsNumber(nhs_number));
  if (secret.size() < kPseudonymSecretBytesMin) {
    return FailedPrecondition("the pseudonym secret is shorter than " +
                              std::to_string(kPseudonymSecretBytesMin) +
                              " bytes; set a longer one in the server configuration");
  }
  const std::string digits = Digits(nhs_number);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  if (HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
           reinterpret_cast<const unsigned char*>(digits.data()), digits.size(), mac, &mac_len) == nullptr) {
    return Internal("the pseudonym could not be computed (HMAC failed)");
  }
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "P-";
  for (int i = 0; i < 8; ++i) {
    out += kHex[mac[i] >> 4];
    out += kHex[mac[i] & 0xf];
  }
  return out;
}

StatusOr<std::string> Fund::RegisterPerson(const std::string& pseudonym, const std::string& nhs_number,
                                           std::string_view secret, const std::string& user) {
  POOLBOOK_RETURN_IF_ERROR(CheckUser(user));
  if (pseudonym.empty() == nhs_number.empty()) {
    return InvalidArgument("give either an NHS number or a local pseudonym for the person, not both",
                           nhs_number.empty() ? "pseudonym" : "nhs_number");
  }
  std::string person = pseudonym;
  std::string source = "local";
  if (!nhs_number.empty()) {
    auto made = PseudonymForNhsNumber(nhs_number, secret);
    if (!made.ok()) return Status(made.status().code(), made.status().message(), "nhs_number");
    person = *made;
    source = "nhs-hmac";
  } else {
    POOLBOOK_RETURN_IF_ERROR(CheckPerson(pseudonym));
  }
  try {
    store::WriteTransaction tx(journal_.db());
    if (!store::PersonRegistered(journal_.db(), person))
      store::InsertPerson(journal_.db(), person, source, store::UtcTimestamp(journal_.Now()), user);
    tx.Commit();
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "registering a person");
  }
  return person;
}

Status Fund::RegisterPeople(const std::vector<std::string>& pseudonyms, const std::string& user) {
  POOLBOOK_RETURN_IF_ERROR(CheckUser(user));
  for (std::size_t i = 0; i < pseudonyms.size(); ++i) {
    if (pseudonyms[i].empty())
      return InvalidArgument("person " + std::to_string(i + 1) + " has no pseudonym");
    POOLBOOK_RETURN_IF_ERROR(CheckPerson(pseudonyms[i]).WithContext("person " + std::to_string(i + 1)));
  }
  try {
    store::WriteTransaction tx(journal_.db());
    store::InsertLocalPeople(journal_.db(), pseudonyms, store::UtcTimestamp(journal_.Now()), user);
    tx.Commit();
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "registering people");
  }
  return Status();
}

Status Fund::CheckRegistered(const std::string& pseudonym) {
  try {
    if (!store::PersonRegistered(journal_.db(), pseudonym)) {
      return NotFound("person \"" + pseudonym + "\" is not registered; register them first", "person");
    }
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "looking up a person");
  }
  return Status();
}

}  // namespace poolbook::fund
