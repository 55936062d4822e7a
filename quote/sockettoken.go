package quote

import (
	"context"
	"errors"

	"github.com/portview/portview/api"
	"github.com/portview/portview/quote/socket"
)

// SocketToken returns a one-time password for the quote socket (GET
// /v1/socket/token), with the account's connection count. It goes through
// the client's credentials like every call, so it is signed in API-key
// mode; *Client is the socket's socket.TokenFetcher in either mode.
func (c *Client) SocketToken(ctx context.Context) (socket.SocketToken, error) {
	data, err := api.GetData[struct {
		OTP    string `json:"otp"`
		Limit  int    `json:"limit"`
		Online int    `json:"online"`
	}](ctx, c.api, "/v1/socket/token", nil)
	if err != nil {
		return socket.SocketToken{}, err
	}
	if data.OTP == "" {
		return socket.SocketToken{}, errors.New("GET /v1/socket/token: the answer has no otp")
	}
	return socket.SocketToken{OTP: data.OTP, Limit: data.Limit, Online: data.Online}, nil
}

var _ socket.TokenFetcher = (*Client)(nil)
