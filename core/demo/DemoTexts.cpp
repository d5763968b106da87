#include "demo/DemoTexts.h"

namespace assay::demo::texts {

namespace {

constexpr TicketScenario kTickets[] = {
    {En, "Billing", "Invoice PDF shows wrong VAT",
     "Our March invoice charges 19% VAT but we are a UK company and gave you our VAT number (GB 284 1937 55) at "
     "signup. Finance can't book it like this.",
     "March invoice applies 19% VAT despite a valid UK VAT number on file", "Finance cannot book the invoice; payment is on hold",
     "Re-entered the VAT number in Billing settings", "Reissue the invoice with reverse charge and check why VAT validation failed"},
    {En, "Integrations", "Slack notifications stopped",
     "Since yesterday around 14:00 none of our project updates reach Slack. The integration page still says "
     "Connected. We rely on this for on-call handoffs.",
     "Slack notifications stopped around 14:00 yesterday while the integration shows Connected", "On-call handoffs are being missed",
     "Checked the integration page", "Check the Slack token for revocation and the webhook delivery log"},
    {En, "Auth & SSO", "SSO login loop with Okta",
     "After we rotated our Okta signing certificate, everyone gets redirected back to the login page in a loop. "
     "The browser console says `SAML response signature invalid`.",
     "Okta SSO loops back to login after a certificate rotation; console shows `SAML response signature invalid`",
     "Whole organization is locked out", "Cleared cookies, tried another browser",
     "Ask the customer to upload the new Okta certificate in SSO settings; offer a temporary password login"},
    {En, "Reporting", "Dashboard numbers don't match export",
     "The revenue dashboard says $48,210 for Q1 but the CSV export of the same report sums to $47,960. Which one "
     "is right? We present this to our board on Thursday.",
     "Q1 revenue differs between the dashboard ($48,210) and the CSV export ($47,960)",
     "Customer doubts report accuracy ahead of a board meeting", "Re-ran the export twice",
     "Compare the timezone of the dashboard and the export; likely a day-boundary difference"},
    {En, "API", "API returns 429 constantly",
     "Our nightly sync hits `429 Too Many Requests` after ~200 calls even though our plan allows 1,000/min. "
     "Started this week, nothing changed on our side.",
     "Nightly sync gets `429 Too Many Requests` after about 200 calls; the plan allows 1,000/min",
     "Nightly data sync fails", "Added retries with backoff",
     "Check the workspace's rate-limit tier; it may have reverted after the plan change"},
    {En, "Data import", "CSV import drops rows",
     "I imported a CSV with 12,400 rows and only 11,982 show up. No error message at all, the import says "
     "Completed.",
     "CSV import of 12,400 rows created only 11,982 records, without an error", "Customer cannot trust the migration",
     "Split the file in two", "Pull the import job log; look for rows with quotes or line breaks inside fields"},
    {En, "Mobile", "iOS app crashes on launch",
     "After updating to 5.8.1 the iPhone app crashes right after the splash screen. iOS 18.2, iPhone 15. Android "
     "works fine.",
     "iOS app 5.8.1 crashes after the splash screen (iOS 18.2, iPhone 15)", "Field team cannot use the app",
     "Reinstalled the app", "Ask for the crash report and match it against the known 5.8.1 launch crash"},
    {En, "Notifications", "Way too many emails",
     "Every comment on every task sends me an email. I turned notifications off in my settings but they keep "
     "coming. Please help 😩",
     "Comment emails keep arriving after the user turned notifications off", "User is flooded and may miss important mail",
     "Turned off notifications in personal settings", "Check workspace-level notification overrides"},
    {En, "Billing", "Charged twice this month",
     "Our card was charged $1,188 twice on the 3rd. We only have one workspace. Please refund the duplicate.",
     "Annual charge of $1,188 billed twice on the 3rd", "Customer is out $1,188 and wants a refund", "Nothing yet",
     "Refund the duplicate charge and check the payment retry log"},
    {En, "Auth & SSO", "2FA codes rejected",
     "My authenticator codes are always rejected. I moved to a new phone last week and restored the app from a "
     "backup.",
     "TOTP codes rejected since the user restored the authenticator on a new phone", "User is locked out",
     "Waited for fresh codes, tried several", "Verify the user's identity and reset 2FA"},
    {Fr, "Integrations", "Export vers Salesforce en échec",
     "Bonjour, depuis la mise à jour l'export vers Salesforce échoue avec « Erreur 500 ». Nos commerciaux n'ont "
     "plus les données à jour. Merci d'avance pour votre aide.",
     "Salesforce export fails with « Erreur 500 » since the last update (ticket in French)",
     "Sales team works with stale data", "Nothing mentioned",
     "Check the Salesforce connector logs for 500s since the release; reply in French"},
    {De, "Reporting", "Wochenbericht lädt nicht",
     "Hallo, der Wochenbericht lädt seit Montag nicht mehr – nur ein leerer Bildschirm. Größere Zeiträume "
     "funktionieren auch nicht. Grüße aus München",
     "Weekly report shows a blank screen since Monday (ticket in German)", "Team has no weekly report",
     "Tried longer date ranges", "Reproduce with the customer's report id and check for a front-end error"},
    {Ja, "Auth & SSO", "ログインできません",
     "ログイン後にダッシュボードが表示されません。画面が真っ白のままです。至急対応をお願いします。",
     "Dashboard stays blank after login (ticket in Japanese: 「ダッシュボードが表示されません」)",
     "User cannot work and asks for urgent help", "Nothing mentioned",
     "Ask for the browser and console errors; reply in Japanese"},
    {Es, "Billing", "No puedo cambiar de plan",
     "Hola, queremos pasar del plan Growth al Business pero el botón de actualización no hace nada. ¿Pueden "
     "ayudarnos? Gracias.",
     "Upgrade button from Growth to Business does nothing (ticket in Spanish)", "Blocked upgrade, lost expansion revenue",
     "Clicked the button several times", "Upgrade the workspace from the admin console and file a bug"},
};

constexpr DocTopic kDocs[] = {
    {En, "How do I rotate an API key without downtime?",
     "API keys (Settings → API). A workspace can have up to 5 active keys. Create the new key, deploy it, then "
     "revoke the old one; revoked keys fail with 401 within 60 seconds.",
     "Rotating an API key", "You can rotate keys without downtime because two keys can be active at once.",
     "1. Open **Settings → API** and click **Create key**.\n2. Deploy the new key to your services.\n"
     "3. Check that calls succeed with the new key, then **Revoke** the old one.",
     "```bash\ncurl -H \"Authorization: Bearer $LUMEN_API_KEY\" https://api.lumen.example/v2/me\n```",
     "https://docs.lumen.example/api/keys"},
    {En, "How do I export a report to CSV?",
     "Reports → Export. CSV exports use the workspace timezone and include at most 1,000,000 rows; larger exports "
     "are split into files of 1,000,000 rows and emailed as a zip.",
     "Exporting a report", "Any report can be exported from its toolbar.",
     "1. Open the report.\n2. Click **Export → CSV**.\n3. Large exports arrive by email as a zip of CSV files.",
     nullptr, "https://docs.lumen.example/reports/export"},
    {En, "Can we use SSO with Azure AD?",
     "SAML 2.0 SSO is available on Business and Enterprise plans. Supported IdPs: Okta, Azure AD (Entra ID), "
     "Google Workspace, OneLogin, any SAML 2.0 IdP. SCIM provisioning: Enterprise only.",
     "SSO with Azure AD (Entra ID)", "Yes. Azure AD works through SAML 2.0 on the Business and Enterprise plans.",
     "1. In Azure, add Lumen as an enterprise application.\n2. Copy the metadata URL into **Settings → SSO**.\n"
     "3. Test with one user before enforcing SSO for everyone.",
     nullptr, "https://docs.lumen.example/admin/sso"},
    {En, "What is the API rate limit and how should I handle 429s?",
     "Default rate limit: 1,000 requests per minute per workspace; Enterprise: 5,000. Responses carry "
     "X-RateLimit-Remaining; a 429 carries Retry-After in seconds.",
     "Rate limits", "The limit is 1,000 requests per minute per workspace (5,000 on Enterprise).",
     "1. Read `X-RateLimit-Remaining` to slow down before you hit the limit.\n2. On a 429, wait `Retry-After` "
     "seconds and retry.",
     "```python\nresp = session.get(url)\nif resp.status_code == 429:\n    time.sleep(int(resp.headers[\"Retry-After\"]))\n"
     "    resp = session.get(url)\n```",
     "https://docs.lumen.example/api/rate-limits"},
    {En, "How do webhook retries work?",
     "Webhooks are retried 8 times over 24 hours with exponential backoff. A 2xx response within 10 seconds counts "
     "as delivered. Each delivery has an X-Lumen-Signature HMAC-SHA256 header.",
     "Webhook delivery and retries", "Failed deliveries are retried 8 times over 24 hours.",
     "1. Respond with any 2xx within 10 seconds.\n2. Verify the `X-Lumen-Signature` header.\n"
     "3. Make your handler idempotent: the same event can arrive twice.",
     "```json\n{\"event\": \"task.completed\", \"id\": \"evt_01H8X\", \"workspace_id\": \"ws_42\"}\n```",
     "https://docs.lumen.example/api/webhooks"},
    {En, "How do I invite a guest who can only see one project?",
     "Guests can be invited to individual projects. Guests do not count as paid seats and cannot see workspace "
     "members outside their projects.",
     "Inviting guests", "Invite them as a guest from the project itself.",
     "1. Open the project and click **Share**.\n2. Enter the email and choose **Guest**.\n"
     "3. The guest sees only this project.",
     nullptr, "https://docs.lumen.example/admin/guests"},
    {En, "How do I connect Lumen to BigQuery?",
     "Warehouse sync (Business and Enterprise) writes tables to BigQuery, Snowflake or Redshift every hour. It "
     "needs a service account with BigQuery Data Editor on the target dataset.",
     "Connecting BigQuery", "Use Warehouse sync; it writes your Lumen data to BigQuery every hour.",
     "1. Create a service account with **BigQuery Data Editor** on the dataset.\n2. Upload its JSON key in "
     "**Settings → Warehouse sync**.\n3. Run the first sync and query the tables.",
     "```sql\nSELECT project_id, COUNT(*) AS tasks\nFROM lumen.tasks\nWHERE completed_at >= '2026-01-01'\n"
     "GROUP BY project_id;\n```",
     "https://docs.lumen.example/integrations/bigquery"},
    {En, "Where is the audit log?",
     "The audit log (Enterprise) lists sign-ins, permission changes, exports and API key events for 400 days. It "
     "can be streamed to a SIEM over HTTPS.",
     "Audit log", "The audit log is under **Settings → Security → Audit log** on the Enterprise plan.",
     "1. Filter by actor, event type or date.\n2. Export to CSV or stream it to your SIEM.",
     nullptr, "https://docs.lumen.example/admin/audit-log"},
    {Fr, "Comment changer la langue de l'interface ?",
     "Langue : Profil → Préférences → Langue. Langues disponibles : anglais, français, allemand, espagnol, "
     "japonais. Le changement s'applique immédiatement.",
     "Changer la langue", "La langue se règle dans vos préférences et s'applique tout de suite.",
     "1. Ouvrez **Profil → Préférences**.\n2. Choisissez la langue dans la liste.\n3. C'est tout : l'interface "
     "est mise à jour immédiatement.",
     nullptr, "https://docs.lumen.example/fr/profil/langue"},
    {De, "Wie lösche ich einen Workspace endgültig?",
     "Workspace löschen: Einstellungen → Allgemein → Workspace löschen (nur Eigentümer). Daten werden nach 30 "
     "Tagen endgültig entfernt.",
     "Workspace löschen", "Nur Eigentümer können einen Workspace löschen; die Daten bleiben 30 Tage "
     "wiederherstellbar.",
     "1. Öffnen Sie **Einstellungen → Allgemein**.\n2. Klicken Sie auf **Workspace löschen** und bestätigen Sie.\n"
     "3. Nach 30 Tagen sind die Daten endgültig gelöscht.",
     nullptr, "https://docs.lumen.example/de/admin/loeschen"},
    {Ja, "データをエクスポートする方法は？",
     "エクスポート：設定 → データ → エクスポート。CSV と JSON に対応。最大 1,000,000 行。",
     "データのエクスポート", "設定画面から CSV または JSON でエクスポートできます。",
     "1. **設定 → データ** を開きます。\n2. **エクスポート** をクリックし、形式を選びます。\n3. 完了するとメールで通知されます。",
     nullptr, "https://docs.lumen.example/ja/data/export"},
    {Es, "¿Cómo restablezco la autenticación en dos pasos de un usuario?",
     "Los administradores pueden restablecer 2FA desde Miembros → usuario → Seguridad. El usuario debe volver a "
     "configurarla al iniciar sesión.",
     "Restablecer 2FA", "Un administrador puede restablecerla desde la ficha del usuario.",
     "1. Abra **Miembros** y elija al usuario.\n2. En **Seguridad**, pulse **Restablecer 2FA**.\n"
     "3. El usuario la configurará de nuevo en su próximo inicio de sesión.",
     nullptr, "https://docs.lumen.example/es/admin/2fa"},
};

constexpr InlineEntry kInline[] = {
    {En, "comment", "Thanks for flagging this! I looked into the export issue and", " Let me know if that works.",
     {" it's caused by the timezone setting on the report.", " I can reproduce it on staging.", " we'll ship a fix on Thursday."}},
    {En, "task_title", "Fix flaky login test on", "",
     {" Safari", " CI after the Okta upgrade", " the staging environment"}},
    {En, "email_reply", "Hi Jordan,\n\nThanks for getting back to me so quickly.", "\n\nBest,\nSam",
     {" I've attached the updated proposal.", " Tuesday at 10:00 works for me.", " I'll loop in our security team."}},
    {En, "release_note", "New: you can now filter dashboards by", "",
     {" team and date range.", " custom fields.", " project status 🎉"}},
    {En, "meeting_notes", "Action items:\n- Priya to", "\n- Review next week",
     {" send the Q3 roadmap draft by Friday", " follow up with Acme on renewal", " book the design review"}},
    {En, "status_update", "This week we shipped the new onboarding flow and", " Next week: pricing page.",
     {" activation is up 12% so far.", " fixed the two top support issues.", " started the SSO rollout."}},
    {En, "comment", "LGTM, one nit:", "",
     {" can we rename `tmp` to something descriptive?", " the error message should include the file name.", " let's add a test for the empty case."}},
    {En, "email_reply", "Hi team, quick reminder that", " Thanks! 🙏",
     {" timesheets are due Friday.", " the office is closed on Monday.", " the all-hands moved to 3pm."}},
    {En, "task_title", "Investigate", "",
     {" spike in 502s on the API gateway", " slow dashboard load for large workspaces", " duplicate webhook deliveries"}},
    {En, "status_update", "Blocked on", "",
     {" legal review of the new DPA.", " the design for the empty state.", " access to the production logs."}},
    {Fr, "comment", "Merci pour le retour ! J'ai regardé le problème et", "",
     {" c'est lié au fuseau horaire du rapport.", " je peux le reproduire en préproduction.", " le correctif arrive jeudi."}},
    {De, "email_reply", "Hallo Frau Schmidt,\n\nvielen Dank für Ihre Nachricht.", "\n\nViele Grüße",
     {" Ich schicke Ihnen das Angebot bis Freitag.", " Dienstag um 10 Uhr passt mir gut.", " Anbei die überarbeitete Version."}},
    {Ja, "comment", "ご確認ありがとうございます。", "",
     {"修正版を明日までに共有します。", "金曜日までに対応いたします。", "引き続きよろしくお願いいたします。"}},
    {Es, "status_update", "Esta semana terminamos la migración y", "",
     {" el rendimiento mejoró un 20 %.", " ya no hay errores pendientes.", " empezamos con la fase dos."}},
};

constexpr const char *kGreetings[] = {"Hi team,\n\n", "Hello,\n\n", "Hey support,\n\n", "", "", "Hi there,\n\n"};
constexpr const char *kExtras[] = {
    "", "", " This is urgent for us.", " We're on a tight deadline this week.", " Screenshot attached.",
    " Happy to jump on a call.", " This worked fine last week.", " A colleague sees the same thing.",
};
constexpr const char *kClosings[] = {
    "\n\nThanks,\nAlex", "\n\nBest regards,\nPriya", "\n\nCheers", "", "\n\n—\nSent from my iPhone", "\n\nThank you!",
};
constexpr const char *kAreaOwners[] = {
    "Billing|Billing team", "Integrations|Integrations team", "Auth & SSO|Identity team", "Reporting|Analytics team",
    "API|Platform team", "Data import|Data team", "Mobile|Mobile team", "Notifications|Messaging team",
};
constexpr const char *kQuestionPrefixes[] = {"", "", "", "hi, ", "Quick question: ", "hey - "};
constexpr const char *kQuestionSuffixes[] = {"", "", "", " Thanks!", " We're on the Business plan.", " (asking for our admin)"};
constexpr const char *kDocExtras[] = {
    "\n\n### Permissions\n\nOnly workspace **owners** and **admins** can change this setting. Members see the "
    "option greyed out with a tooltip that names the admins of the workspace. Guests never see it. If your "
    "workspace uses SCIM provisioning, role changes made in Lumen are overwritten by the identity provider at the "
    "next sync, so make them in the IdP instead.",
    "\n\n### Limits\n\n| Plan | Limit | Notes |\n|---|---|---|\n| Starter | 100 / min | shared across the workspace |\n"
    "| Growth | 500 / min | per workspace |\n| Business | 1,000 / min | per workspace |\n| Enterprise | 5,000 / min | "
    "can be raised on request |\n\nLimits apply per workspace, not per user or per key, so several services "
    "sharing a workspace share one budget.",
    "\n\n### Troubleshooting\n\n- **Nothing happens after saving**: reload the page; settings are cached for up to "
    "60 seconds.\n- **`403 Forbidden`**: your role lacks the permission; ask an admin.\n- **It worked in staging "
    "but not in production**: staging and production workspaces have separate settings and keys.\n- Still stuck? "
    "Contact support with the request id shown in the error toast.",
    "\n\n### Automating this\n\nEverything above is also available in the REST API and the `lumen` CLI:\n\n"
    "```bash\nlumen login --workspace acme\nlumen settings get --json | jq '.security'\n"
    "lumen settings set security.enforce_sso=true --confirm\n```\n\nThe CLI reads `LUMEN_API_KEY` from the "
    "environment, so it runs unattended in CI.",
    "\n\n### Notes for older releases\n\nOn Lumen 5.6 and earlier the setting lives under **Admin → Advanced** "
    "instead of **Settings**, and changes take up to five minutes to apply because they are propagated by the "
    "nightly configuration job. Upgrading to 5.7 or later removes that delay.",
};
constexpr const char *kProductVersions[] = {"5.6", "5.7", "5.8", "5.8.1"};

constexpr const char *kAccounts[] = {
    "Acme Corp", "Globex", "Initech", "Umbrella Health", "Stark Logistics", "Wayne Analytics", "Hooli",
    "Vandelay Imports", "Soylent Foods", "Pied Piper", "Massive Dynamic", "Tyrell Systems", "Cyberdyne Labs",
    "Gringotts Finance", "Oceanic Airlines", "Blue Sun Retail", "Northwind Traders", "Contoso", "Fabrikam",
    "Müller Logistik GmbH", "Café Olé SARL", "Nordlicht AB", "Łódź Data Sp. z o.o.", "株式会社サクラ精機",
    "São Paulo Seguros", "Zürich Consulting AG", "Brightline Studio", "Keystone Partners", "Redwood Clinics",
    "Lumière Éditions",
};
constexpr const char *kPlans[] = {"Starter", "Growth", "Growth", "Business", "Business", "Enterprise"};
constexpr const char *kChurnActions[] = {
    "Schedule an executive business review within two weeks",
    "Offer a guided re-onboarding for the inactive teams",
    "Have the CSM call the champion this week",
    "Escalate the open tickets and follow up personally",
    "Propose a right-sized plan before renewal",
    "No action needed; keep the regular check-in cadence",
    "Share the new reporting features that match their use case",
    "Loop in support leadership about the unresolved P1",
};
constexpr const char *kChurnSoftDrivers[] = {
    "champion changed roles", "renewal in less than 45 days", "evaluating a competitor (mentioned in a call)",
    "billing failure last month", "budget freeze announced", "new executive sponsor",
};

constexpr const char *kCompanies[] = {
    "Brightwave Media", "Copperleaf Health", "Datapine", "Evergreen Schools", "Fjord Payments", "Granite Robotics",
    "Helix Bio", "Ironclad Security", "Juniper Retail", "Kestrel Aviation", "Lattice Legal", "Mosaic Travel",
    "Nimbus Cloudworks", "Orchid Hotels", "Pinnacle Insurance", "Quarry Games", "Riverstone Bank",
    "Saffron Kitchens", "Tidal Energy", "Umbra Design", "Vertex Manufacturing", "Willow Senior Living",
    "Yellowfin Logistics", "Zephyr Mobility", "Ébène Cosmétiques", "Grünwald Solar", "Tanaka Shoji",
};
constexpr const char *kTitles[] = {
    "0|Marketing Intern", "0|Student", "1|Project Manager", "1|Operations Analyst", "1|Product Designer",
    "2|Head of Operations", "2|Engineering Manager", "2|Director of Customer Success", "3|VP Engineering", "3|COO",
    "3|Founder & CEO",
};
// "weight|text": how much the signal moves the lead score.
constexpr const char *kSources[] = {
    "8|pricing page", "4|free trial", "3|webinar: scaling ops", "5|G2 review", "10|partner referral",
    "0|LinkedIn ad", "2|organic search", "6|conference booth",
};
constexpr const char *kActivities[] = {
    "8|viewed pricing 3x", "10|invited 4 teammates", "6|connected Slack", "7|created 12 projects",
    "9|opened the SSO docs", "3|watched the demo video", "16|asked for a quote", "6|imported a CSV",
    "-18|no activity after signup", "5|used the API explorer",
};
constexpr const char *kLeadActions[] = {
    "A|Book a demo with an account executive within 24 hours", "A|Send the Enterprise security pack and propose a call",
    "B|Add to the nurture sequence for mid-market", "B|Offer a 30-minute onboarding session",
    "C|Keep in the automated trial emails", "C|No outreach; re-score after more activity",
};

} // namespace

std::span<const TicketScenario> ticketScenarios() { return kTickets; }
std::span<const DocTopic> docTopics() { return kDocs; }
std::span<const InlineEntry> inlineEntries() { return kInline; }
std::span<const char *const> ticketGreetings() { return kGreetings; }
std::span<const char *const> ticketExtras() { return kExtras; }
std::span<const char *const> ticketClosings() { return kClosings; }
std::span<const char *const> areaOwners() { return kAreaOwners; }
std::span<const char *const> questionPrefixes() { return kQuestionPrefixes; }
std::span<const char *const> questionSuffixes() { return kQuestionSuffixes; }
std::span<const char *const> docExtraSections() { return kDocExtras; }
std::span<const char *const> productVersions() { return kProductVersions; }
std::span<const char *const> accountNames() { return kAccounts; }
std::span<const char *const> plans() { return kPlans; }
std::span<const char *const> churnActions() { return kChurnActions; }
std::span<const char *const> churnSoftDrivers() { return kChurnSoftDrivers; }
std::span<const char *const> companies() { return kCompanies; }
std::span<const char *const> contactTitles() { return kTitles; }
std::span<const char *const> signupSources() { return kSources; }
std::span<const char *const> leadActivities() { return kActivities; }
std::span<const char *const> leadActions() { return kLeadActions; }

} // namespace assay::demo::texts
