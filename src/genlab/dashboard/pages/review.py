"""The review page: one due card at a time, answered from the keyboard (type, Enter)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from genlab.dashboard.context import Context, context

router = APIRouter()


def _due(ctx: Context, milestone: int | None):
    from genlab.review.cards import load_cards
    from genlab.review.schedule import due_cards

    with ctx.store() as s:
        return due_cards(load_cards(), s.review_states(), milestone=milestone)


@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request, m: int | None = None, last: str | None = None, ok: int | None = None,
                ctx: Context = Depends(context)):
    from genlab.review.cards import load_cards

    due = _due(ctx, m)
    previous = next((c for c in load_cards() if c.id == last), None) if last else None
    return ctx.page("review.html", request, card=due[0] if due else None, left=len(due), milestone=m,
                    previous=previous, previous_ok=bool(ok))


@router.post("/review")
async def answer(request: Request, ctx: Context = Depends(context)):
    from genlab.review.cards import load_cards
    from genlab.review.schedule import after_answer

    fields = await ctx.read_form(request)
    card = next((c for c in load_cards() if c.id == fields.get("card")), None)
    milestone = fields.get("m", "")
    back = f"&m={milestone}" if milestone.isdigit() else ""
    if card is None:
        return RedirectResponse(f"/review?x=1{back}", 303)
    correct = card.check(fields.get("answer", ""))

    def save() -> None:
        with ctx.store() as s:
            s.save_review(card.id, after_answer(s.review_states().get(card.id), correct), correct)

    await run_in_threadpool(save)
    return RedirectResponse(f"/review?last={card.id}&ok={int(correct)}{back}", 303)
