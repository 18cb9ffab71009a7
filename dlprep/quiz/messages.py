"""Every sentence `quiz` says to a student, in Chinese and English, chosen by `--lang`.

One table, so a message cannot exist in one language only (a test checks that both are there and
take the same fields). `both` shows the English and the Chinese side by side, joined by " / ".
"""

from __future__ import annotations

__all__ = ["MESSAGES", "RATING_NAMES", "message", "rating_name"]

MESSAGES: dict[str, tuple[str, str]] = {
    # key: (zh, en); fields in braces are filled by message()
    "right": ("✓ 答对了", "✓ right"),
    "wrong": ("✗ 答错了", "✗ wrong"),
    "plain-right": ("对", "RIGHT"),
    "plain-wrong": ("错", "WRONG"),
    "plain-answer": ("答案", "ANSWER"),
    "you-said": ("你的答案 {given}；正确答案 {answer}", "you said {given}; the answer is {answer}"),
    "not-counted": ("{problem}（不计分，请再答一次）", "{problem} — not counted, try again"),
    "nothing-to-undo": ("本次练习还没有可撤销的回答", "nothing to undo in this session"),
    "nothing-to-rerate": ("本次练习还没有可重新评分的回答", "nothing to re-rate in this session"),
    "undone": ("已撤销：{qid} 恢复原状", "undone: {qid} is back as it was"),
    "rated": ("已评为 {name}（{rating}）", "rated {name} ({rating})"),
    "rerate-prompt": (
        "回车：{name} · 1–4 改评分 · u 撤销 · q 退出> ",
        "Enter: {name} · 1–4 change · u undo · q quit> ",
    ),
    "rerate-help": ("回车、1–4、u 或 q", "Enter, 1–4, u or q"),
    "rate-prompt": (
        "评分 1 忘记 · 2 困难 · 3 良好 · 4 简单> ",
        "rate 1 Again · 2 Hard · 3 Good · 4 Easy> ",
    ),
    "rate-help": ("请输入 1、2、3 或 4（你掌握得怎么样？）", "type 1, 2, 3 or 4 (how well did you know it?)"),
    "rubric-prompt": (
        "你答到了哪几点？输入序号（如 13），a 全部，回车表示都没答到> ",
        "which points did you cover? numbers (e.g. 13), a for all, Enter for none> ",
    ),
    "rubric-help": (
        "请输入要点序号 1–{n}（如 13）、a（全部）或直接回车（都没有）",
        "type point numbers 1–{n} (e.g. 13), a (all) or just Enter (none)",
    ),
    "rubric-score": (
        "答到 {got}/{total} 分 → {name}",
        "covered {got} of {total} points → {name}",
    ),
    "answer-prompt": ("作答> ", "answer> "),
    "invalid-number": (
        "请输入一个数，如 32、3.2e1、1/4 或 25%",
        "type a number such as 32, 3.2e1, 1/4 or 25%",
    ),
    "invalid-zero-denominator": ("分数的分母不能为 0", "a fraction cannot divide by zero"),
    "invalid-infinite": ("请输入一个有限的数", "type a finite number"),
    "invalid-letter": ("请输入 {first} 到 {last} 中的一个字母", "type one letter from {first} to {last}"),
    "invalid-letters": ("请输入 {first} 到 {last} 中的字母", "type letters from {first} to {last}"),
    "invalid-one-letter": (
        "只能选一个字母：只有一个选项正确（{first}–{last}）",
        "one letter only: exactly one choice is right ({first}–{last})",
    ),
    "invalid-truefalse": ("请输入 t（对）或 f（错）", "type t (true, 对) or f (false, 错)"),
    "invalid-empty": ("请输入答案（输入 ? 查看按键）", "type an answer (or ? for the keys)"),
    "invalid-open": ("开放题由你自己评分", "open questions are self-rated"),
    "keys": (
        "按键：输入答案后回车 · u 撤销上一题 · =1…=4 重新评分上一题 · q 退出（进度已保存） · ? 显示按键\n"
        "评分：1 忘记 · 2 困难 · 3 良好 · 4 简单",
        "keys: type your answer and Enter · u undo the last answer · =1…=4 re-rate the last answer · "
        "q quit (progress is saved) · ? these keys\n"
        "ratings: 1 Again (forgot) · 2 Hard · 3 Good · 4 Easy",
    ),
    "status-new": ("新卡", "new"),
    "status-review": ("复习", "review"),
    "status-learning": ("学习中", "learning"),
    "status-cram": ("冲刺", "cram"),
    "again-header": ("再练 · 还剩 {left}", "again · {left} left"),
    "plan": (
        "本次 {total} 张卡：{due} 张到期，{new} 张新卡，{ahead} 张学习中",
        "{total} card(s): {due} due, {new} new, {ahead} in learning",
    ),
    "ending-done": ("完成", "done"),
    "ending-quit": ("已退出", "quit"),
    "ending-end of input": ("输入结束", "end of input"),
    "summary": (
        "{ending}：答了 {answered} 题{score}；进度已保存到 {path}",
        "{ending}: {answered} answered{score}; progress saved to {path}",
    ),
    "summary-score": ("，对 {correct}/{checked}", ", {correct}/{checked} right"),
    "nothing-to-cram": ("还没有可冲刺的卡：先答几张卡", "nothing to cram yet: answer some cards first"),
    "nothing-due": ("没有到期的卡，也没有要新学的卡", "nothing due and no new cards asked for"),
    "next-due": ("；下一张卡 {when} 到期", "; next card due {when}"),
    "try-more": ("（试试 --new N，或 quiz list）", " (try --new N, or quiz list)"),
    "exam-plan": (
        "距考试 {days} 天：按考试日的预期得分挑选了 {total} 张卡",
        "{days} day(s) to the exam: {total} cards chosen for the expected score on the exam day",
    ),
    # quiz list
    "list-topic": ("主题", "topic"),
    "list-cards": ("卡片", "cards"),
    "list-new": ("新卡", "new"),
    "list-learning": ("学习中", "learn"),
    "list-due": ("到期", "due"),
    "list-mature": ("已掌握", "mature"),
    "list-title": ("名称", "title"),
    "list-total": ("合计", "total"),
    "list-orphaned": (
        "{count} 张卡的进度属于不在任何题库中的题目（quiz prune --dry-run 可列出）",
        "{count} card(s) with progress for questions in none of your banks (quiz prune --dry-run lists them)",
    ),
    # quiz prune, restore, export, import
    "prune-bank-gone": (
        "提示：以前用过的题库 {path} 已无法加载，它的卡片算作孤立卡",
        "note: the bank {path} used before no longer loads; its cards count as orphaned",
    ),
    "prune-nothing": ("无需清理：每张卡都属于某个题库", "nothing to prune: every card belongs to a bank"),
    "prune-would-drop": ("将删除 {qid}（{count} 次复习）", "would drop {qid} ({count} review(s))"),
    "prune-drop": ("删除 {qid}（{count} 次复习）", "drop {qid} ({count} review(s))"),
    "prune-what": ("{cards} 张卡及其 {reviews} 次复习", "{cards} card(s) and their {reviews} review(s)"),
    "prune-dry-run": ("将删除{what}；没有做任何改动", "{what} would be dropped; nothing was changed"),
    "prune-confirm": ("删除{what}？会保留备份", "drop {what}? a backup is kept"),
    "prune-unchanged": ("没有做任何改动", "nothing was changed"),
    "prune-needs-yes": (
        "prune 将删除{what}：加 --yes 确认，或用 --dry-run 列出它们",
        "prune would drop {what}: pass --yes to confirm, or --dry-run to list them",
    ),
    "prune-done": (
        "已删除{what}；删除前的数据库保存在 {backup}（quiz restore {backup} 可以恢复）",
        "{what} dropped; the database before is kept in {backup} (quiz restore {backup} brings it back)",
    ),
    "restore-done": (
        "已用 {backup} 恢复 {path}；恢复前的内容保存在 {kept}",
        "restored {path} from {backup}; what it held before is in {kept}",
    ),
    "export-done": ("已导出 {count} 次复习到 {out}", "exported {count} review(s) to {out}"),
    "import-done": (
        "已导入 {source}：新增 {added} 次复习，{present} 次已存在；更新 {updated} 张卡，保留 {kept} 张（本机较新）",
        "imported {source}: {added} review(s) added, {present} already here; {updated} card(s) updated, "
        "{kept} kept (newer here)",
    ),
    # choosing cards: mistakes on the command line
    "unknown-name": (
        "没有{kind} {name!r}：你是不是想找 {close}？",
        "unknown {kind} {name!r}; did you mean {close}?",
    ),
    "unknown-name-list": (
        "没有{kind} {name!r}；题库里有：{known}",
        "unknown {kind} {name!r}; {kind}s in the bank: {known}",
    ),
    "kind-topic": ("主题", "topic"),
    "kind-type": ("题型", "type"),
    "kind-difficulty": ("难度", "difficulty"),
    "kind-tag": ("标签", "tag"),
    "or": ("或", "or"),
    "no-tagged": ("{where}没有带标签 {tags} 的题目", "no question{where} has the tag(s) {tags}"),
    "no-tagged-where": ("这些主题里", " in these topics"),
    "no-match": (
        "没有符合这些条件的题目（见 quiz list 和 exam list）",
        "no question matches these filters (see quiz list and exam list)",
    ),
    "exam-date-format": (
        "--exam-date {text!r}：日期请写成 YYYY-MM-DD，如 2026-12-20",
        "--exam-date {text!r}: write the day as YYYY-MM-DD, e.g. 2026-12-20",
    ),
    "exam-date-passed": ("--exam-date {day}：这一天已经过去了", "--exam-date {day}: that day has passed"),
    "exam-spec-no-date": (
        "{path}：试卷说明里没有日期；请加 --exam-date YYYY-MM-DD",
        "{path}: the spec has no date; pass --exam-date YYYY-MM-DD",
    ),
    "exam-spec-bad-date": (
        "{path}：试卷说明里的日期 {text!r} 不是 YYYY-MM-DD；请加 --exam-date",
        "{path}: the spec's date {text!r} is not YYYY-MM-DD; pass --exam-date",
    ),
    # quiz optimize
    "optimize-too-few": (
        "到目前共 {reviews} 次复习，其中 {usable} 次距该卡上次复习一天以上；FSRS 优化器至少需要 {needed} 次"
        "（还差 {more} 次）。继续使用默认参数。",
        "{reviews} review(s) so far, {usable} of them a day or more after the card's previous review; the FSRS "
        "optimizer needs at least {needed} of those ({more} more). The default parameters stay in use.",
    ),
    "optimize-reviews": (
        "共 {reviews} 次复习，其中 {usable} 次距该卡上次复习一天以上",
        "{reviews} reviews, {usable} of them a day or more after the card's previous review",
    ),
    "optimize-default": (
        "默认参数：log-loss {loss}，RMSE {rmse}",
        "default parameters: log-loss {loss}, RMSE {rmse}",
    ),
    "optimize-fitted": (
        "拟合参数：log-loss {loss}，RMSE {rmse}",
        "fitted parameters:  log-loss {loss}, RMSE {rmse}",
    ),
    "optimize-better": (
        "拟合参数对你的复习预测得更好：从现在起 quiz 使用它们",
        "the fitted parameters predict your reviews better: quiz uses them from now on",
    ),
    "optimize-not-better": (
        "拟合参数没有更好：quiz 继续使用默认参数",
        "the fitted parameters are no better: quiz keeps the defaults",
    ),
    "optimize-retention": (
        "对你的复习来说工作量最少的目标记忆率：{retention}（用法：quiz --retention {retention}）",
        "desired retention with the least work for your reviews: {retention} (use it with quiz --retention {retention})",
    ),
    # quiz stats
    "stats-title": ("学习统计 · {day}", "quiz stats · {day}"),
    "stats-reviews": ("复习次数", "reviews"),
    "stats-streak": ("连续天数", "streak"),
    "stats-days": ("{n} 天", "{n} day(s)"),
    "stats-retention-30": ("真实记忆率（30 天）", "true retention (30 days)"),
    "stats-retention-all": ("全部", "all time"),
    "stats-of-reviews": ("{percent}，共 {n} 次复习", "{percent} of {n} review(s)"),
    "stats-due-7": ("7 天内到期", "due in 7 days"),
    "stats-due-30": ("30 天内", "in 30 days"),
    "stats-chart-reviews": (
        "最近 30 天每天复习数（最多 {top}）",
        "reviews per day, last 30 days (max {top})",
    ),
    "stats-chart-due": ("未来 30 天每天到期数（最多 {top}）", "due per day, next 30 days (max {top})"),
    "stats-today": ("今天", "today"),
    "stats-mastery-title": (
        "各主题掌握度（FSRS 当前回忆概率，未学过的计 0）",
        "mastery by topic (FSRS recall probability now, unseen = 0)",
    ),
    "stats-seen": ("已学", "seen"),
    "stats-mastery": ("掌握度", "mastery"),
    "stats-leeches-title": (
        "顽固卡（遗忘 8 次及以上：改写这张卡或复习这个主题）",
        "leeches (8 lapses or more: rewrite the card or study the topic)",
    ),
    "stats-question": ("题目", "question"),
    "stats-lapses": ("遗忘次数", "lapses"),
    "stats-no-leeches": ("没有顽固卡", "no leeches"),
    "stats-orphaned": (
        "{count} 张卡的题目已不在题库中：quiz prune 可清除",
        "{count} orphaned card(s): quiz prune drops them",
    ),
}

RATING_NAMES: dict[int, tuple[str, str]] = {
    1: ("忘记", "Again"),
    2: ("困难", "Hard"),
    3: ("良好", "Good"),
    4: ("简单", "Easy"),
}


def message(key: str, lang: str, **fields: object) -> str:
    """The message in `lang` (zh, en or both), with its fields filled in. A field may be a callable
    of the language (a message within a message), so `both` puts English with English."""
    zh, en = MESSAGES[key]

    def fill(template: str, code: str) -> str:
        return template.format(**{k: v(code) if callable(v) else v for k, v in fields.items()})

    if lang in ("zh", "en"):
        return fill(zh if lang == "zh" else en, lang)
    en, zh = fill(en, "en"), fill(zh, "zh")
    if en.endswith("> ") and zh.endswith("> "):  # a prompt: one "> " at the end
        return f"{en[:-2]} / {zh[:-2]}> "
    return f"{en} / {zh}"


def rating_name(rating: int, lang: str) -> str:
    zh, en = RATING_NAMES[rating]
    return {"zh": zh, "en": en}.get(lang, f"{en}/{zh}")
