// parseJudgeReply and firstBalancedObject: a judge model's reply, any text.
// Invariants: the raw text is kept; a reply is valid exactly when it has a choice and then no
// problem; the balanced object is a piece of the text that opens with { and closes with }.

#include "FuzzSupport.h"

#include "eval/JudgeReply.h"

using namespace assay;

FUZZ_INIT()

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = fuzz::text(data, size);
    const JudgeReply reply = parseJudgeReply(text);
    FUZZ_CHECK(reply.raw == text);
    if (reply.valid())
        (void)judgeChoiceName(*reply.choice);
    else
        FUZZ_CHECK(!reply.problem.isEmpty());

    const std::optional<QString> object = firstBalancedObject(text);
    if (object) {
        FUZZ_CHECK(object->startsWith(u'{'));
        FUZZ_CHECK(object->endsWith(u'}'));
        FUZZ_CHECK(text.contains(*object));
    }
    return 0;
}
