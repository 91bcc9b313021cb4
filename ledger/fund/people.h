// People are known to the ledger only by pseudonyms. When an NHS number is given (to find or
// register a person), it is checked and turned into a keyed pseudonym; the number itself is never
// stored, logged or echoed back.
#pragma once

#include <string>
#include <string_view>

#include "ledger/status.h"

namespace poolbook::fund {

// The shortest pseudonym secret accepted, in bytes. The secret comes from the server configuration
// and must be the same for every process of one ledger, or the same person gets two pseudonyms.
inline constexpr std::size_t kPseudonymSecretBytesMin = 32;

// Checks an NHS number: ten digits, optionally grouped 3-3-4 by single spaces ("943 476 5919"),
// whose tenth digit is the modulus 11 check digit of the first nine (weights 10 down to 2; a check
// value of 10 means the number is not valid). Messages never repeat the number.
Status CheckNhsNumber(std::string_view text);

// The person's pseudonym: "P-" and the first 16 hex digits (upper case) of HMAC-SHA-256 of the ten
// digits, keyed with `secret`. The same number and secret always give the same pseudonym; without
// the secret it cannot be recomputed from the number. Refuses an invalid number or a short secret.
StatusOr<std::string> PseudonymForNhsNumber(std::string_view nhs_number, std::string_view secret);

}  // namespace poolbook::fund
