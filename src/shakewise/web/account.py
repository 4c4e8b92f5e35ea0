"""Sign-up, sign-in, sign-out and the account page (tokens, password, export, deletion)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Path, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field

from shakewise.plain_text import PlainText
from shakewise.storage import repository as repo
from shakewise.web.api_models import STORED_ERRORS
from shakewise.web.auth import (
    Accounts,
    UserId,
    check_csrf,
    sign_in,
    sign_out,
)
from shakewise.web.limits import limit_logins, limit_signins_to, limit_writes
from shakewise.web.templating import page

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1", tags=["account"], responses=STORED_ERRORS)


def accounts(request: Request) -> Accounts:
    found: Accounts = request.app.state.accounts
    return found


@pages.get("/login", response_class=HTMLResponse)
def loginpage(request: Request) -> HTMLResponse:
    registered = request.query_params.get("registered") == "1"
    return page(request, "login.html", mode="login", registered=registered)


@pages.get("/register", response_class=HTMLResponse)
def registerpage(request: Request) -> HTMLResponse:
    return page(request, "login.html", mode="register")


@pages.post("/login", dependencies=[Depends(limit_logins)])
def login(
    request: Request,
    csrf: Annotated[str, Form(max_length=64)],
    email: Annotated[str, Form(max_length=320)],
    password: Annotated[str, Form(max_length=200)],
) -> RedirectResponse:
    check_csrf(request, csrf)
    limit_signins_to(request, email)
    sign_in(request, accounts(request).login(email, password))
    return RedirectResponse("/diary", status_code=303)


@pages.post("/register", dependencies=[Depends(limit_logins)])
def register(
    request: Request,
    csrf: Annotated[str, Form(max_length=64)],
    email: Annotated[str, Form(max_length=320)],
    password: Annotated[str, Form(max_length=200)],
) -> RedirectResponse:
    """The same answer whether or not the address already had an account: on to the
    sign-in page, which explains both cases (Accounts.register)."""
    check_csrf(request, csrf)
    accounts(request).register(email, password)
    return RedirectResponse("/login?registered=1", status_code=303)


@pages.post("/logout")
def logout(request: Request, csrf: Annotated[str, Form(max_length=64)]) -> RedirectResponse:
    check_csrf(request, csrf)
    sign_out(request)
    return RedirectResponse("/", status_code=303)


@pages.get("/account", response_class=HTMLResponse)
def accountpage(request: Request, user: UserId) -> HTMLResponse:
    found = accounts(request)
    return page(request, "account.html", tokens=found.tokens(user), new_token=None)


@pages.post("/account/password", dependencies=[Depends(limit_logins)])
def change_password(
    request: Request,
    user: UserId,
    csrf: Annotated[str, Form(max_length=64)],
    old: Annotated[str, Form(max_length=200)],
    new: Annotated[str, Form(max_length=200)],
) -> RedirectResponse:
    check_csrf(request, csrf)
    # the old sessions stop working; this one carries on
    sign_in(request, accounts(request).change_password(user, old, new))
    return RedirectResponse("/account?changed=1", status_code=303)


@pages.post("/account/tokens", response_class=HTMLResponse, dependencies=[Depends(limit_writes)])
def new_token(
    request: Request,
    user: UserId,
    csrf: Annotated[str, Form(max_length=64)],
    name: Annotated[PlainText, Form(max_length=100)] = "",
) -> HTMLResponse:
    check_csrf(request, csrf)
    found = accounts(request)
    token = found.create_token(user, name)
    return page(request, "account.html", tokens=found.tokens(user), new_token=token)


@pages.post("/account/tokens/{token_id}/revoke", dependencies=[Depends(limit_writes)])
def revoke_token_page(
    request: Request,
    user: UserId,
    token_id: Annotated[int, Path(ge=1, le=2**31)],
    csrf: Annotated[str, Form(max_length=64)],
) -> RedirectResponse:
    check_csrf(request, csrf)
    accounts(request).revoke_token(user, token_id)
    return RedirectResponse("/account", status_code=303)


@pages.post("/account/delete", dependencies=[Depends(limit_writes)])
def delete_account(
    request: Request, user: UserId, csrf: Annotated[str, Form(max_length=64)]
) -> RedirectResponse:
    """Delete every stored entry; with accounts, the account too."""
    check_csrf(request, csrf)
    with request.app.state.db.session() as s:
        if request.app.state.settings.accounts_required:
            repo.delete_user(s, user)
        else:
            repo.delete_user_data(s, user)
    sign_out(request)
    return RedirectResponse("/?deleted=1", status_code=303)


class TokenRequest(BaseModel):
    name: PlainText = Field("", max_length=100)


class TokenResponse(BaseModel):
    token: str = Field(description="Shown once; send as 'Authorization: Bearer <token>'.")


class TokenInfo(BaseModel):
    id: int
    name: str
    created: datetime
    last_used: datetime | None


@api.post("/tokens", response_model=TokenResponse, dependencies=[Depends(limit_writes)])
def create_token(request: Request, user: UserId, body: TokenRequest) -> TokenResponse:
    """New tokens come from a signed-in session, never from another token: a leaked
    token must not be able to make itself permanent."""
    if request.headers.get("authorization", "").lower().startswith("bearer "):
        raise HTTPException(403, "A token cannot create tokens; sign in to make one.")
    return TokenResponse(token=accounts(request).create_token(user, body.name))


@api.get("/tokens", response_model=list[TokenInfo])
def list_tokens(request: Request, user: UserId) -> list[TokenInfo]:
    return [
        TokenInfo(id=t.id, name=t.name, created=t.created, last_used=t.last_used)
        for t in accounts(request).tokens(user)
    ]


@api.delete("/tokens/{token_id}", status_code=204, dependencies=[Depends(limit_writes)])
def revoke_token(
    request: Request, user: UserId, token_id: Annotated[int, Path(ge=1, le=2**31)]
) -> Response:
    """Revoke one of your tokens (another person's id answers the same: nothing to see)."""
    accounts(request).revoke_token(user, token_id)
    return Response(status_code=204)
