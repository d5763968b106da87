// The wire formats without a network: SSE parsing however the bytes are cut, request JSON and
// headers, replies and streams of each provider, usage in one convention, error parsing.
#include "providers/AnthropicFormat.h"
#include "providers/GeminiFormat.h"
#include "providers/OpenAiFormat.h"
#include "providers/SseParser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

const QString kKey = u"sk-FAKE-KEY-7f3a9c"_s;

QList<SseEvent> parseInPieces(const QByteArray &stream, qsizetype pieceSize)
{
    SseParser parser;
    QList<SseEvent> events;
    for (qsizetype at = 0; at < stream.size(); at += pieceSize)
        parser.feed(QByteArrayView(stream).sliced(at, std::min(pieceSize, stream.size() - at)), events);
    return events;
}

// Runs a stream through a format's decoder, cut into pieces of `pieceSize` bytes.
std::pair<StreamDecoder::Step, std::unique_ptr<StreamDecoder>> decode(const WireFormat &format,
                                                                       const QByteArray &stream, qsizetype pieceSize)
{
    auto decoder = format.newStreamDecoder();
    StreamDecoder::Step step = StreamDecoder::Step::More;
    for (const SseEvent &event : parseInPieces(stream, pieceSize)) {
        step = decoder->onEvent(event);
        if (step != StreamDecoder::Step::More)
            break;
    }
    return {step, std::move(decoder)};
}

QJsonObject bodyOf(const WireRequest &request)
{
    return QJsonDocument::fromJson(request.body).object();
}

QByteArray headerOf(const WireRequest &request, const QByteArray &name)
{
    for (const auto &[key, value] : request.headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

ReplayCall sampleCall()
{
    ReplayCall call;
    call.model = u"model-x"_s;
    call.system = u"Be brief."_s;
    call.prompt = u"Say \"hi\" in Greek: γειά"_s;
    call.maxTokens = 300;
    call.temperature = 0.25;
    return call;
}

const QByteArray kAnthropicStream =
    "event: message_start\r\n"
    "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"content\":[],"
    "\"usage\":{\"input_tokens\":25,\"output_tokens\":1,\"cache_read_input_tokens\":100,"
    "\"cache_creation_input_tokens\":40}}}\r\n\r\n"
    "event: ping\r\ndata: {\"type\": \"ping\"}\r\n\r\n"
    ": a comment line\r\n\r\n"
    "event: content_block_start\r\ndata: {\"type\":\"content_block_start\",\"index\":0,"
    "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\r\n\r\n"
    "event: content_block_delta\r\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
    "\"delta\":{\"type\":\"text_delta\",\"text\":\"Γειά \"}}\r\n\r\n"
    "event: some_future_event\r\ndata: {\"type\":\"some_future_event\"}\r\n\r\n"
    "event: content_block_delta\r\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
    "\"delta\":{\"type\":\"text_delta\",\"text\":\"σου\"}}\r\n\r\n"
    "event: content_block_stop\r\ndata: {\"type\":\"content_block_stop\",\"index\":0}\r\n\r\n"
    "event: message_delta\r\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"max_tokens\"},"
    "\"usage\":{\"output_tokens\":15}}\r\n\r\n"
    "event: message_stop\r\ndata: {\"type\":\"message_stop\"}\r\n\r\n";

const QByteArray kOpenAiStream =
    "data: {\"id\":\"chatcmpl-9\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
    "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}],\"usage\":null}\n\n"
    ": OPENROUTER PROCESSING\n\n"
    "data: {\"id\":\"chatcmpl-9\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
    "\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}],\"usage\":null}\n\n"
    "data: {\"id\":\"chatcmpl-9\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
    "\"delta\":{\"content\":\"lo\"},\"finish_reason\":\"length\"}],\"usage\":null}\n\n"
    "data: {\"id\":\"chatcmpl-9\",\"object\":\"chat.completion.chunk\",\"choices\":[],"
    "\"usage\":{\"prompt_tokens\":50,\"completion_tokens\":9,\"total_tokens\":59,"
    "\"prompt_tokens_details\":{\"cached_tokens\":20}}}\n\n"
    "data: [DONE]\n\n";

const QByteArray kGeminiStream =
    "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"thinking...\",\"thought\":true},"
    "{\"text\":\"Bon\"}]}}],\"responseId\":\"resp-1\"}\r\n\r\n"
    "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"jour\"}]},"
    "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":30,\"cachedContentTokenCount\":10,"
    "\"candidatesTokenCount\":4,\"thoughtsTokenCount\":6,\"totalTokenCount\":40},\"responseId\":\"resp-1\"}\r\n\r\n";

} // namespace

class TestProviderFormats : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sseFieldsCommentsAndMultiLineData()
    {
        const QByteArray stream = ": keep-alive\n"
                                  "event: first\n"
                                  "id: 7\n"
                                  "retry: 1000\n"
                                  "data: line one\n"
                                  "data:line two\n"
                                  "data\n"
                                  "\n"
                                  "event: no-data-so-not-dispatched\n"
                                  "\n"
                                  "data:  two spaces keep one\n"
                                  "\n";
        const QList<SseEvent> events = parseInPieces(stream, stream.size());
        QCOMPARE(events.size(), 2);
        QCOMPARE(events[0].name, QByteArray("first"));
        QCOMPARE(events[0].data, QByteArray("line one\nline two\n"));
        QCOMPARE(events[1].name, QByteArray("message"));
        QCOMPARE(events[1].data, QByteArray(" two spaces keep one"));
    }

    void sseEventsSplitAtEveryByte_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<int>("expected");
        QTest::newRow("anthropic, CRLF") << kAnthropicStream << 9;
        QTest::newRow("openai, LF") << kOpenAiStream << 5;
        QTest::newRow("gemini, CRLF") << kGeminiStream << 2;
        QTest::newRow("bare CR line ends") << QByteArray("data: a\r\rdata: b\r\r") << 2;
    }

    void sseEventsSplitAtEveryByte()
    {
        QFETCH(QByteArray, stream);
        QFETCH(int, expected);
        const QList<SseEvent> whole = parseInPieces(stream, stream.size());
        QCOMPARE(whole.size(), expected);
        for (qsizetype piece : {1, 2, 3, 7, 64}) {
            const QList<SseEvent> split = parseInPieces(stream, piece);
            QCOMPARE(split.size(), whole.size());
            for (qsizetype i = 0; i < whole.size(); ++i) {
                QCOMPARE(split[i].name, whole[i].name);
                QCOMPARE(split[i].data, whole[i].data);
            }
        }
    }

    void sseCrLfSplitBetweenReadsIsOneLineEnd()
    {
        SseParser parser;
        QList<SseEvent> events;
        parser.feed("data: x\r", events);
        parser.feed("\n", events); // completes the CRLF: not a second, blank line
        QVERIFY(events.isEmpty());
        parser.feed("\r", events);
        QCOMPARE(events.size(), 1);
        parser.feed("\n", events);
        QCOMPARE(events.size(), 1);
        QCOMPARE(events[0].data, QByteArray("x"));
        QVERIFY(!parser.hasPartialEvent());
    }

    void sseUnterminatedEventIsNeverDispatched()
    {
        SseParser parser;
        QList<SseEvent> events;
        parser.feed("data: {\"type\":\"message_stop\"}\n", events);
        QVERIFY(events.isEmpty());
        QVERIFY(parser.hasPartialEvent());
    }

    void anthropicRequest()
    {
        const AnthropicFormat format(QUrl(u"https://api.anthropic.com"_s), ApiKey(kKey));
        const WireRequest request = format.buildRequest(sampleCall(), true);
        QCOMPARE(request.url, QUrl(u"https://api.anthropic.com/v1/messages"_s));
        QCOMPARE(headerOf(request, "x-api-key"), kKey.toUtf8());
        QCOMPARE(headerOf(request, "anthropic-version"), QByteArray("2023-06-01"));
        const QJsonObject body = bodyOf(request);
        QCOMPARE(body.value(u"model"_s).toString(), u"model-x"_s);
        QCOMPARE(body.value(u"max_tokens"_s).toInt(), 300);
        QCOMPARE(body.value(u"system"_s).toString(), u"Be brief."_s);
        QCOMPARE(body.value(u"temperature"_s).toDouble(), 0.25);
        QCOMPARE(body.value(u"stream"_s).toBool(), true);
        const QJsonObject message = body.value(u"messages"_s).toArray().first().toObject();
        QCOMPARE(message.value(u"role"_s).toString(), u"user"_s);
        QCOMPARE(message.value(u"content"_s).toString(), sampleCall().prompt);
        QVERIFY(!QString::fromUtf8(request.body).contains(kKey));

        ReplayCall bare = sampleCall();
        bare.system.clear();
        bare.temperature.reset();
        const QJsonObject bareBody = bodyOf(format.buildRequest(bare, false));
        QVERIFY(!bareBody.contains(u"system"_s));
        QVERIFY(!bareBody.contains(u"temperature"_s));
        QVERIFY(!bareBody.contains(u"stream"_s));
    }

    void anthropicReply()
    {
        const AnthropicFormat format(QUrl(u"https://api.anthropic.com"_s), ApiKey(kKey));
        const QByteArray body = R"({"id":"msg_01","type":"message","role":"assistant","model":"claude-x","content":[{"type":"text","text":"Hello"},{"type":"tool_use","id":"t","name":"n","input":{}},{"type":"text","text":" world"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":5,"cache_creation_input_tokens":7,"cache_read_input_tokens":300}})";
        const Result<ProviderReply> reply = format.parseReply(body);
        QVERIFY2(reply.ok(), qPrintable(reply.error()));
        QCOMPARE(reply->text, u"Hello world"_s);
        QCOMPARE(reply->stopReason, u"end_turn"_s);
        QCOMPARE(reply->responseId, u"msg_01"_s);
        QCOMPARE(reply->usage.input, 10);
        QCOMPARE(reply->usage.output, 5);
        QCOMPARE(reply->usage.cacheRead, 300);
        QCOMPARE(reply->usage.cacheWrite, 7);
    }

    void anthropicStream()
    {
        const AnthropicFormat format(QUrl(u"https://api.anthropic.com"_s), ApiKey(kKey));
        for (qsizetype piece : {1, 5, 1000}) {
            auto [step, decoder] = decode(format, kAnthropicStream, piece);
            QCOMPARE(step, StreamDecoder::Step::Finished);
            QCOMPARE(decoder->reply().text, u"Γειά σου"_s);
            QCOMPARE(decoder->reply().stopReason, u"max_tokens"_s);
            QCOMPARE(decoder->reply().responseId, u"msg_1"_s);
            QCOMPARE(decoder->reply().usage.input, 25);
            QCOMPARE(decoder->reply().usage.output, 15); // message_delta's cumulative count wins
            QCOMPARE(decoder->reply().usage.cacheRead, 100);
            QCOMPARE(decoder->reply().usage.cacheWrite, 40);
        }
    }

    void anthropicMidStreamError()
    {
        const AnthropicFormat format(QUrl(u"https://api.anthropic.com"_s), ApiKey(kKey));
        const QByteArray stream = kAnthropicStream.left(kAnthropicStream.indexOf("event: ping"))
                                  + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                                    "\"message\":\"Overloaded\"}}\n\n";
        auto [step, decoder] = decode(format, stream, 3);
        QCOMPARE(step, StreamDecoder::Step::Failed);
        QCOMPARE(decoder->error().type, u"overloaded_error"_s);
        QCOMPARE(decoder->error().message, u"Overloaded"_s);
    }

    void anthropicErrors()
    {
        const AnthropicFormat format(QUrl(u"https://api.anthropic.com"_s), ApiKey(kKey));
        const ProviderError limited = format.parseError(
            429, R"({"type":"error","error":{"type":"rate_limit_error","message":"Slow down"},"request_id":"req_9"})");
        QCOMPARE(limited.type, u"rate_limit_error"_s);
        QCOMPARE(limited.message, u"Slow down"_s);
        QCOMPARE(limited.requestId, u"req_9"_s);
        QVERIFY(!limited.spendLimit);

        const ProviderError spend = format.parseError(
            429, R"({"type":"error","error":{"type":"rate_limit_error","message":"limit","details":{"error_code":"enforced_spend_limit_reached"}}})");
        QVERIFY(spend.spendLimit);
        QVERIFY(format.parseError(402, R"({"type":"error","error":{"type":"billing_error","message":"pay"}})").spendLimit);

        const ProviderError html = format.parseError(502, "<html><body>\n Bad   gateway </body></html>");
        QVERIFY(html.type.isEmpty());
        QCOMPARE(html.message, u"<html><body> Bad gateway </body></html>"_s);
        QCOMPARE(format.parseError(500, "").message, u"(empty body)"_s);
    }

    void openAiRequest()
    {
        const OpenAiFormat format(QUrl(u"https://api.openai.com/v1"_s), ApiKey(kKey), false);
        const WireRequest request = format.buildRequest(sampleCall(), true);
        QCOMPARE(request.url, QUrl(u"https://api.openai.com/v1/chat/completions"_s));
        QCOMPARE(headerOf(request, "authorization"), "Bearer " + kKey.toUtf8());
        const QJsonObject body = bodyOf(request);
        QCOMPARE(body.value(u"max_completion_tokens"_s).toInt(), 300);
        QVERIFY(!body.contains(u"max_tokens"_s));
        QCOMPARE(body.value(u"stream_options"_s).toObject().value(u"include_usage"_s).toBool(), true);
        const QJsonArray messages = body.value(u"messages"_s).toArray();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages[0].toObject().value(u"role"_s).toString(), u"system"_s);
        QCOMPARE(messages[1].toObject().value(u"content"_s).toString(), sampleCall().prompt);
    }

    void openAiCompatibleRequestWithoutKey()
    {
        const OpenAiFormat format(QUrl(u"http://localhost:11434/v1/"_s), ApiKey(), true);
        const WireRequest request = format.buildRequest(sampleCall(), false);
        QCOMPARE(request.url, QUrl(u"http://localhost:11434/v1/chat/completions"_s));
        QVERIFY(headerOf(request, "authorization").isEmpty());
        QCOMPARE(bodyOf(request).value(u"max_tokens"_s).toInt(), 300);
        QVERIFY(!bodyOf(request).contains(u"stream"_s));
    }

    void openAiReply()
    {
        const OpenAiFormat format(QUrl(u"https://api.openai.com/v1"_s), ApiKey(kKey), false);
        const QByteArray body = R"({"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-x","choices":[{"index":0,"message":{"role":"assistant","content":"Hi there","refusal":null},"finish_reason":"stop"}],"usage":{"prompt_tokens":1200,"completion_tokens":40,"total_tokens":1240,"prompt_tokens_details":{"cached_tokens":1024},"completion_tokens_details":{"reasoning_tokens":12}}})";
        const Result<ProviderReply> reply = format.parseReply(body);
        QVERIFY2(reply.ok(), qPrintable(reply.error()));
        QCOMPARE(reply->text, u"Hi there"_s);
        QCOMPARE(reply->stopReason, u"stop"_s);
        QCOMPARE(reply->usage.input, 176); // uncached: prompt_tokens counts the cache in
        QCOMPARE(reply->usage.cacheRead, 1024);
        QCOMPARE(reply->usage.output, 40);

        // Ollama: no details at all.
        const Result<ProviderReply> ollama = format.parseReply(
            R"({"id":"x","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}})");
        QVERIFY(ollama.ok());
        QCOMPARE(ollama->usage.input, 9);
        QCOMPARE(ollama->usage.cacheRead, 0);

        const Result<ProviderReply> refusal = format.parseReply(
            R"({"choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":"I cannot"},"finish_reason":"stop"}]})");
        QVERIFY(refusal.ok());
        QCOMPARE(refusal->text, u"I cannot"_s);
        QCOMPARE(refusal->stopReason, u"refusal"_s);
    }

    void openAiStream()
    {
        const OpenAiFormat format(QUrl(u"https://api.openai.com/v1"_s), ApiKey(kKey), false);
        for (qsizetype piece : {1, 4, 1000}) {
            auto [step, decoder] = decode(format, kOpenAiStream, piece);
            QCOMPARE(step, StreamDecoder::Step::Finished);
            QCOMPARE(decoder->reply().text, u"Hello"_s);
            QCOMPARE(decoder->reply().stopReason, u"length"_s);
            QCOMPARE(decoder->reply().responseId, u"chatcmpl-9"_s);
            QCOMPARE(decoder->reply().usage.input, 30);
            QCOMPARE(decoder->reply().usage.cacheRead, 20);
            QCOMPARE(decoder->reply().usage.output, 9);
        }
        auto [step, decoder] = decode(format, "data: {\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}\n\n", 2);
        QCOMPARE(step, StreamDecoder::Step::Failed);
        QCOMPARE(decoder->error().type, u"server_error"_s);
        QCOMPARE(decoder->error().message, u"boom"_s);
    }

    void openAiErrors()
    {
        const OpenAiFormat format(QUrl(u"https://api.openai.com/v1"_s), ApiKey(kKey), false);
        const ProviderError quota = format.parseError(
            429, R"({"error":{"message":"You exceeded your current quota","type":"insufficient_quota","param":null,"code":"insufficient_quota"}})");
        QVERIFY(quota.spendLimit);
        QCOMPARE(quota.type, u"insufficient_quota"_s);
        const ProviderError rate = format.parseError(
            429, R"({"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}})");
        QVERIFY(!rate.spendLimit);
        QCOMPARE(rate.type, u"requests"_s);
        // vLLM / llama.cpp: integer code.
        const ProviderError vllm =
            format.parseError(400, R"({"error":{"code":400,"message":"context too long","type":"BadRequestError"}})");
        QCOMPARE(vllm.type, u"BadRequestError"_s);
        QCOMPARE(vllm.message, u"context too long"_s);
        QCOMPARE(format.parseError(404, R"({"detail":"Not Found"})").message, u"Not Found"_s);
        QCOMPARE(format.parseError(500, R"({"error":"model not loaded"})").message, u"model not loaded"_s);
    }

    void geminiRequest()
    {
        const GeminiFormat format(QUrl(u"https://generativelanguage.googleapis.com"_s), ApiKey(kKey));
        ReplayCall call = sampleCall();
        call.model = u"models/gemini-2.5-flash"_s;
        const WireRequest streamed = format.buildRequest(call, true);
        QCOMPARE(streamed.url.toString(),
                 u"https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"_s);
        QCOMPARE(headerOf(streamed, "x-goog-api-key"), kKey.toUtf8());
        QVERIFY(!streamed.url.toString().contains(kKey)); // the key never rides in the URL
        const QJsonObject body = bodyOf(streamed);
        QCOMPARE(body.value(u"generationConfig"_s).toObject().value(u"maxOutputTokens"_s).toInt(), 300);
        QCOMPARE(body.value(u"generationConfig"_s).toObject().value(u"temperature"_s).toDouble(), 0.25);
        QCOMPARE(body.value(u"systemInstruction"_s).toObject().value(u"parts"_s).toArray()[0].toObject().value(u"text"_s).toString(),
                 u"Be brief."_s);
        QCOMPARE(body.value(u"contents"_s).toArray()[0].toObject().value(u"parts"_s).toArray()[0].toObject().value(u"text"_s).toString(),
                 sampleCall().prompt);

        const GeminiFormat versioned(QUrl(u"http://127.0.0.1:9/v1beta"_s), ApiKey(kKey));
        QCOMPARE(versioned.buildRequest(sampleCall(), false).url.toString(),
                 u"http://127.0.0.1:9/v1beta/models/model-x:generateContent"_s);
    }

    void geminiReplyAndStream()
    {
        const GeminiFormat format(QUrl(u"https://generativelanguage.googleapis.com"_s), ApiKey(kKey));
        const Result<ProviderReply> reply = format.parseReply(
            R"({"candidates":[{"content":{"role":"model","parts":[{"text":"Hallo"}]},"finishReason":"MAX_TOKENS"}],"usageMetadata":{"promptTokenCount":100,"cachedContentTokenCount":60,"candidatesTokenCount":8,"thoughtsTokenCount":30,"totalTokenCount":138},"responseId":"r-1"})");
        QVERIFY2(reply.ok(), qPrintable(reply.error()));
        QCOMPARE(reply->text, u"Hallo"_s);
        QCOMPARE(reply->stopReason, u"MAX_TOKENS"_s);
        QCOMPARE(reply->usage.input, 40);
        QCOMPARE(reply->usage.cacheRead, 60);
        QCOMPARE(reply->usage.output, 38); // thoughts are billed as output
        QCOMPARE(reply->responseId, u"r-1"_s);

        for (qsizetype piece : {1, 9, 1000}) {
            auto [step, decoder] = decode(format, kGeminiStream, piece);
            QCOMPARE(step, StreamDecoder::Step::More); // Gemini streams end with the connection
            QVERIFY(decoder->endsWithConnection());
            QCOMPARE(decoder->reply().text, u"Bonjour"_s);
            QCOMPARE(decoder->reply().stopReason, u"STOP"_s);
            QCOMPARE(decoder->reply().usage.input, 20);
            QCOMPARE(decoder->reply().usage.cacheRead, 10);
            QCOMPARE(decoder->reply().usage.output, 10);
        }
    }

    void geminiErrors()
    {
        const GeminiFormat format(QUrl(u"https://generativelanguage.googleapis.com"_s), ApiKey(kKey));
        const ProviderError error =
            format.parseError(429, R"({"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED"}})");
        QCOMPARE(error.type, u"RESOURCE_EXHAUSTED"_s);
        QCOMPARE(error.message, u"Quota exceeded"_s);
        const ProviderError wrapped =
            format.parseError(400, R"([{"error":{"code":400,"message":"bad","status":"INVALID_ARGUMENT"}}])");
        QCOMPARE(wrapped.type, u"INVALID_ARGUMENT"_s);
    }

    void malformedRepliesFailWithAnExcerpt()
    {
        const AnthropicFormat anthropic(QUrl(u"https://a"_s), ApiKey(kKey));
        const OpenAiFormat openAi(QUrl(u"https://o/v1"_s), ApiKey(kKey), false);
        const GeminiFormat gemini(QUrl(u"https://g"_s), ApiKey(kKey));
        for (const WireFormat *format : std::initializer_list<const WireFormat *>{&anthropic, &openAi, &gemini}) {
            const Result<ProviderReply> broken = format->parseReply(R"({"id": "x", "content": [)");
            QVERIFY(!broken.ok());
            QVERIFY2(broken.error().contains(u"not JSON"_s), qPrintable(broken.error()));
            QVERIFY2(broken.error().contains(u"{\"id\": \"x\""_s), qPrintable(broken.error()));
            QVERIFY(!format->parseReply(R"({"unexpected": true})").ok());
        }
    }

    // Found by tests/fuzz (fuzz_openai, fuzz_gemini): a mid-stream error object without a
    // "message" failed the stream with no reason at all ("the stream failed: ").
    void midStreamErrorWithoutMessageStillSaysWhy()
    {
        const OpenAiFormat openAi(QUrl(u"https://o/v1"_s), ApiKey(kKey), false);
        auto [openAiStep, openAiDecoder] =
            decode(openAi, "data: {\"error\":{\"models/\":\"boom\",\"tqpe\":\"server_error\"}}\n\n", 1000);
        QCOMPARE(openAiStep, StreamDecoder::Step::Failed);
        QCOMPARE(openAiDecoder->error().message, u"{\"error\":{\"models/\":\"boom\",\"tqpe\":\"server_error\"}}"_s);

        const GeminiFormat gemini(QUrl(u"https://g"_s), ApiKey(kKey));
        auto [geminiStep, geminiDecoder] =
            decode(gemini, "data: {\"error\":{\"mdssage\":\"boom\",\"type\":\"server_error\"}}\n\n", 1000);
        QCOMPARE(geminiStep, StreamDecoder::Step::Failed);
        QVERIFY(!geminiDecoder->error().message.isEmpty());
    }

    // Found by tests/fuzz: a body of Unicode spaces only (U+00A0) gave an empty excerpt, so an
    // Anthropic error event carrying it gave no reason either.
    void blankBodyExcerptIsNeverEmpty()
    {
        QCOMPARE(wire::bodyExcerpt("\xc2\xa0"), u"(empty body)"_s);
        QCOMPARE(wire::bodyExcerpt(QByteArray(900, ' ') + "late"), u"late"_s);
        const AnthropicFormat anthropic(QUrl(u"https://a"_s), ApiKey(kKey));
        auto [step, decoder] = decode(anthropic, "event: error\ndata: \xc2\xa0\n\n", 1000);
        QCOMPARE(step, StreamDecoder::Step::Failed);
        QCOMPARE(decoder->error().message, u"(empty body)"_s);
    }
};

QTEST_GUILESS_MAIN(TestProviderFormats)
#include "tst_provider_formats.moc"
